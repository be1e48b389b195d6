log-no-problems = Aucun problème ouvert.
log-problems-heading = { $count ->
    [one] 1 problème ouvert :
   *[other] { $count } problèmes ouverts :
}
log-problem-todo = à faire : { $todo }

log-no-problems = Keine offenen Probleme.
log-problems-heading = { $count ->
    [one] 1 offenes Problem:
   *[other] { $count } offene Probleme:
}
log-problem-todo = zu tun: { $todo }

log-no-problems = No open problems.
log-problems-heading = { $count ->
    [one] 1 open problem:
   *[other] { $count } open problems:
}
log-problem-todo = what to do: { $todo }

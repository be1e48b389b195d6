# `rma-harvest log`: the run table, one run's events and the open problems (issue 17).

log-no-state-file = No runs recorded yet (no state file at { $path }).
log-no-such-run = there is no run { $run } in the log
log-no-runs = No runs recorded yet.
log-limit-zero = --limit 0: no runs shown.
log-no-events = (no events)
log-footer = `rma-harvest log --run ID` shows every event of one run.
log-open-problems = Open problems ({ $count }):
log-open-problem = { $problem } (first seen { $first }, last seen { $last })
log-what-to-do = what to do: { $todo }
log-booked-list = booked: { $numbers }
log-linked-list = linked: { $numbers }
log-column-run = run
log-column-started = started
log-column-result = result
log-column-booked = booked
log-column-linked = linked
log-column-refused = refused
log-column-payments = payments
log-result-ok = ok
log-result-needs-attention = needs attention (exit 1)
log-result-auth-failed = authentication failed (exit 3)
log-result-unreachable = service unreachable (exit 4)
log-result-failed = failed (exit { $exit })
log-run-title = Run { $run } — started { $started }, { $result }; { $booked } booked, { $linked } linked, { $refused } refused, { $payments ->
        [one] 1 payment
       *[other] { $payments } payments
    } added, { $removed } removed

# The bookkeeper's mail (issue 18), its settings and the `mail` command.

mail-config-missing = [notify.email] needs { $key }
mail-config-address = { $key } = "{ $value }": not an e-mail address
mail-config-smtp-url = { $key } = "{ $value }": must be smtps://host:465 (TLS from the start) or smtp://host:587 (STARTTLS)
mail-config-password = { $key } is set but there is no password: set { $env } or notify.email.password
mail-config-when = { $key } = "{ $value }": allowed are "problems" and "activity"
mail-config-days = { $key } must be a whole number, 1 or more

mail-subject = Harvest → Run my Accounts ({ $tenant }), { $date }: { $gist }
mail-gist-booked = { $count ->
    [one] 1 invoice booked
   *[other] { $count } invoices booked
}
mail-gist-linked = { $count ->
    [one] 1 invoice linked
   *[other] { $count } invoices linked
}
mail-gist-payments = { $count ->
    [one] 1 payment mirrored
   *[other] { $count } payments mirrored
}
mail-gist-attention = { $count ->
    [one] 1 needs your attention
   *[other] { $count } need your attention
}
mail-gist-still-open = { $count ->
    [one] 1 problem still open
   *[other] { $count } problems still open
}
mail-gist-quiet = nothing new

mail-greeting = What rma-harvest did for { $tenant }:
mail-section-attention = Needs your attention
mail-section-booked = Booked in Run my Accounts
mail-section-payments = Payments mirrored to Harvest
mail-section-still-open = Still open
mail-todo = What to do: { $todo }
mail-first-seen = first seen { $date }
mail-carried = A mail before this one could not be sent; this one also says what it would have said ({ $count } runs: { $nights }).
mail-footer = The whole log: `rma-harvest log` on the server; this run alone: `rma-harvest log --run { $run }`.

mail-test-subject = rma-harvest: test mail ({ $tenant })
mail-test-body = This test mail shows that rma-harvest can send the bookkeeper's mail to { $to }. Nothing else was done.
mail-test-sent = Test mail sent to { $to }; the server answered: { $answer }
mail-sent = Mail sent to { $to }.
mail-failed = The mail to the bookkeeper could not be sent: { $reason }. Nothing is lost: the next mail that goes through says this run's news too.
mail-failed-todo = Check [notify.email] and the mail server (`rma-harvest mail --test`); this closes when a mail goes through
mail-not-configured = No mail is set up: { $path } has no [notify.email] section.
mail-preview-sent = (This mail was sent on { $at }.)
mail-preview-waiting = (Not sent yet: the next mail that goes through carries it.)
mail-preview-quiet = (Nothing new: no mail was sent for this run.)
mail-no-runs = No runs recorded yet, so there is no mail to show.
mail-no-such-run = There is no run { $run } in the log.
mail-doctor-holds = { $host }:{ $port } answers and accepts { $login }
mail-doctor-login = the login
mail-doctor-no-login = the connection (no username configured)
mail-doctor-fails = { $host }:{ $port }: { $reason }
mail-doctor-advice = Check notify.email.smtp_url, the username and { $env }; `rma-harvest mail --test` sends a test mail
mail-ca-file = notify.email.ca_file { $path }: { $reason }
mail-closed = the server closed the connection

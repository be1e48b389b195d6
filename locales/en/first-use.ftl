# What a new user meets first (issue 19): dismiss and its undo, doctor on an empty tenant,
# Harvest without credentials, dismissals in the log.
dismiss-nothing-to-dismiss = Invoice { $number } has no open problem, so there is nothing to dismiss; `rma-harvest log` lists the open problems (`rma-harvest dismiss --force { $number }` would mute its later reports anyway)
dismiss-not-dismissed = Invoice { $number } is not dismissed, so there is nothing to take back
dismiss-undone = Invoice { $number }: dismissal taken back ({ $count ->
        [one] 1 problem
       *[other] { $count } problems
    } open again); the next run refuses or reports it again if it still needs a person
log-dismissal-entry = Entry { $id } — by hand, { $at }
doctor-totals-no-invoice = Run my Accounts has no invoice yet (none dated { $from } to { $to }), so there is nothing to look at
doctor-totals-no-invoice-advice = run `rma-harvest doctor` again after the first sync has booked invoices
harvest-not-connected-oauth = Harvest is not connected: run `rma-harvest auth` once, which stores the grant of the OAuth app (harvest.client_id) in the state file
harvest-not-connected = Harvest is not connected: set harvest.access_token and harvest.account_id (a personal access token; or HARVEST_ACCESS_TOKEN), or an OAuth app's harvest.client_id and harvest.client_secret and then run `rma-harvest auth`

# What a sync run says: its steps, events, refusals and safety stops (issue 17).

## Open problems: what a person does about them

problem-todo-refused = Fix the invoice or the articles as the message says; the next run books it. Or book it by hand and run `rma-harvest dismiss { $invoice }`
problem-todo-number-collision = Book the invoice in Run my Accounts by hand under another number, then run `rma-harvest dismiss { $invoice }`
problem-todo-changed-after-booking = Correct the booked invoice in Run my Accounts by hand if needed (a credit note), then run `rma-harvest dismiss { $invoice }`
problem-todo-deleted-in-harvest = Cancel the invoice in Run my Accounts if it should not exist, then run `rma-harvest dismiss { $invoice }`
problem-todo-total-mismatch = Check the VAT of the invoice's articles in Run my Accounts, then run `rma-harvest dismiss { $invoice }`
problem-todo-needs-review = Check the invoice's payments in Run my Accounts; it closes when they add up
problem-todo-unreadable-payment = Check the payment in Run my Accounts (invoice number, date, amount); it closes when the row is readable or gone
problem-todo-payment-held = Check the invoice and the payment in Harvest; it is tried again when the payment or the invoice changes
problem-todo-other = Read the message; it closes when the next run does not see it again
problem-todo-any-number = <number>

## The run as a whole

sync-run-stopped = The run stopped: { $reason }
sync-run-stopped-advice = The run stopped: { $reason }. { $advice }
sync-summary = Run { $run }: { $booked } booked, { $linked } linked, { $refused } refused, { $customers ->
        [one] 1 customer
       *[other] { $customers } customers
    } saved, { $payments ->
        [one] 1 payment
       *[other] { $payments } payments
    } added, { $removed } removed.
sync-summary-booking-stopped = Invoices were not booked in this run.
sync-summary-payments-stopped = Payments were not mirrored in this run.
sync-needs-attention = Run { $run } needs attention (exit { $exit }); details: { $command } log --run { $run }
sync-warning = warning: { $warning }
sync-bulk-guard = This run would book { $count } invoices in Run my Accounts, more than sync.max_new_bookings ({ $max }); nothing was written. If older invoices must not be booked, set sync.start_date in the configuration; if all { $count } are meant, run `rma-harvest sync --max-new-bookings { $count }` once (`rma-harvest sync --dry-run` lists them)
sync-bulk-guard-dry-run = This run would book { $count } invoices in Run my Accounts, more than sync.max_new_bookings ({ $max }); the real run would write nothing. If older invoices must not be booked, set sync.start_date in the configuration; if all { $count } are meant, run `rma-harvest sync --max-new-bookings { $count }` once (`rma-harvest sync --dry-run` lists them)
sync-dry-run-pending = { $count ->
        [one] 1 write of an interrupted run is checked first by the real run.
       *[other] { $count } writes of an interrupted run are checked first by the real run.
    }
sync-dry-run-skipped = { $count ->
        [one] 1 invoice is left as it is (already in Run my Accounts, or not to be booked); --json lists them.
       *[other] { $count } invoices are left as they are (already in Run my Accounts, or not to be booked); --json lists them.
    }
sync-dry-run-summary = Dry run: { $changes ->
        [one] 1 change
       *[other] { $changes } changes
    } planned, { $attention ->
        [one] 1 needs
       *[other] { $attention } need
    } a person; nothing was written.
sync-invoice-filter-unknown = { $count ->
        [one] Invoice { $numbers } is
       *[other] Invoices { $numbers } are
    } not an importable Harvest invoice (state { $states }) nor one rma-harvest booked or linked; check the number given to --invoice
sync-invoice-filter-unknown-since = { $count ->
        [one] Invoice { $numbers } is
       *[other] Invoices { $numbers } are
    } not an importable Harvest invoice (state { $states }, issued on or after { $since }) nor one rma-harvest booked or linked; check the number given to --invoice
sync-progress-reading = Reading Harvest and Run my Accounts
sync-progress-booking = booking { $pos } of { $len }
sync-progress-mirroring = mirroring payments { $pos } of { $len }

## Reading both sides

sync-read-failed = { $what } could not be read ({ $error })
sync-booking-read-failed = { $reason }; the next run tries again
sync-payments-read-failed = { $reason }; nothing was acknowledged in Run my Accounts, the next run asks again
read-harvest-clients = the Harvest client list
read-harvest-contacts = the Harvest contact list
read-harvest-payments = the payments of a Harvest invoice
read-rma-articles = the article list of Run my Accounts
read-rma-invoices = the invoice list of Run my Accounts
read-rma-invoice = an invoice in Run my Accounts
read-rma-feed = the payment feed of Run my Accounts
read-rma-paid-totals = the paid totals of Run my Accounts
read-rma-paid-total = the paid total of an invoice in Run my Accounts

## The steps of a plan (the dry run's lines)

sync-step-customer-create = Create customer { $customer } ({ $client }) in Run my Accounts
sync-step-customer-update = Update customer { $customer } ({ $client }) in Run my Accounts
sync-step-book = Book invoice { $invoice } ({ $client }, { $amount }) in Run my Accounts as { $invnumber }
sync-step-link = Invoice { $invoice } ({ $client }) already exists in Run my Accounts as { $invnumber }: link it, do not book it again
sync-step-refuse = Invoice { $invoice } ({ $client }): { $reasons }
sync-step-number-collision = Invoice { $invoice } ({ $client }, { $amount }): number collision, { $rma_side }; not booked, not linked, and payments on that Run my Accounts invoice are not mirrored. Book it in Run my Accounts under another number by hand, then run `rma-harvest dismiss { $invoice }`
sync-step-changed-after-booking = Invoice { $invoice } ({ $client }) was changed in Harvest after it was booked in Run my Accounts as { $invnumber }: booked { $booked }, now { $now }. It is not booked again; correct { $invnumber } in Run my Accounts by hand if needed, then run `rma-harvest dismiss { $invoice }`
sync-step-skip = Invoice { $invoice }: { $reason }
sync-step-unreadable-invoice = Invoice { $invoice }: { $reason }
sync-step-unreadable-invoice-id = Invoice with id { $id }: { $reason }
sync-step-unreadable-invoice-nameless = Invoice without number or id: { $reason }
sync-step-add-payment = Add payment of { $amount } on { $date } (RMA payment { $payment }) to Harvest invoice { $invoice }
sync-step-change-payment = Change payment (RMA payment { $payment }) on Harvest invoice { $invoice } from { $old } to { $amount } on { $date }
sync-step-remove-payment = Remove payment of { $amount } (RMA payment { $payment }, deleted in Run my Accounts) from Harvest invoice { $invoice }
sync-step-acknowledge = RMA payment { $payment }: { $reason }
sync-step-ignore = RMA payment { $payment } on invoice { $invnumber } ignored: { $reason }
sync-step-needs-review = Invoice { $invoice } needs review: { $reason }
sync-step-stop-booking = Invoices were not booked in this run: { $reason }
sync-step-stop-payments = Payments were not mirrored in this run: { $reason }
sync-step-not-mirrored = RMA payment { $payment } not mirrored: Harvest invoice { $invoice } was deleted in Harvest after booking
sync-step-unreadable-payment = RMA payment { $payment } (invoice "{ $invnumber }") cannot be attributed: { $why }; it is not acknowledged and stays pending. Check it in Run my Accounts
sync-step-unreadable-payment-no-id = RMA payment without id (invoice "{ $invnumber }") cannot be attributed: { $why }; it is not acknowledged and stays pending. Check it in Run my Accounts
sync-step-foreign-payments = Harvest invoice { $invoice } has { $amount } in payments entered in Harvest by hand; left as they are
sync-step-rekey = RMA payment { $old } of { $amount } on { $date } is now RMA payment { $payment } (invoice { $invnumber } was saved again in Run my Accounts); the payment on Harvest invoice { $invoice } stays as it is
sync-step-adopt = Harvest invoice { $invoice } has the payment of { $amount } on { $date } marked RMA payment { $payment }, which the state file did not know; recorded as mirrored, not added again
sync-step-held = RMA payment { $payment } on Harvest invoice { $invoice } is not sent again: Harvest refused it on { $since } ({ $refusal }) and neither the payment nor the invoice has changed since; it is sent again when one of them changes

## Why an invoice is not booked

invoice-state-not-imported = state "{ $state }" is not in sync.import_states; not booked
invoice-before-start-date = issued { $issued } before sync.start_date { $start }; not booked
invoice-dismissed = handled by hand (dismissed); not booked
invoice-pending-check = the last run's booking as { $invnumber } is checked first; not booked again
invoice-already-in-rma = already in Run my Accounts as { $invnumber }
invoice-no-number = the invoice has no number in Harvest
invoice-number-taken = Run my Accounts number { $invnumber } is already used for another Harvest invoice (id { $other }); check sync.invoice_number
invoice-number-twice = another Harvest invoice (id { $other }) would get the same Run my Accounts number { $invnumber }
invoice-no-lines = the invoice has no lines
invoice-line-no-category = line { $line } has no category (Type)
invoice-unknown-category = line { $line } category "{ $category }" is not an article in Run my Accounts
invoice-client-unreadable = its client (id { $client }) could not be read from Harvest
invoice-client-unreadable-why = its client (id { $client }) could not be read from Harvest: { $why }
invoice-client-no-name = its client has no name in Harvest
invoice-unreadable = { $what }; not booked
invoice-unreadable-in-rma = { $what }; it is in Run my Accounts as { $invnumber } already and was left as it is
client-contact-unreadable = its contact { $contact } could not be read: { $what }
client-contact-unreadable-no-id = its contact could not be read: { $what }
invoice-collision = Run my Accounts already has number { $invnumber } for { $rma_customer } with { $rma_total }, Harvest's invoice is for { $client } (customer { $customer }) with { $amount }
invoice-rma-customer = customer { $customer } { $name }
invoice-rma-customer-number = customer { $customer }
invoice-rma-customer-name = { $name }
invoice-rma-customer-unknown = an unknown customer
invoice-rma-no-total = no total

## Customers

customer-field-too-long = { $field } "{ $value }" is longer than the { $max } characters Run my Accounts allows; sent as "{ $cut }"
customer-field-name = name
customer-field-first-name = first name
customer-field-last-name = last name
customer-field-address = address line
customer-field-address2 = second address line
customer-field-postcode = postcode
customer-field-city = city
customer-field-phone = phone
customer-field-mobile = mobile
customer-field-fax = fax
sync-customer-cut = Customer { $customer } ({ $client }): { $note }
sync-customer-created = Customer { $customer } ({ $client }) created in Run my Accounts
sync-customer-updated = Customer { $customer } ({ $client }) updated in Run my Accounts
sync-customer-not-saved = Customer { $customer } ({ $client }) could not be saved in Run my Accounts: { $error }

## Booking

sync-invoice-booked = Invoice { $invoice } ({ $client }, { $amount }) booked in Run my Accounts as { $invnumber }
sync-invoice-linked = Invoice { $invoice } ({ $client }) already exists in Run my Accounts as { $invnumber }; linked, not booked again
sync-invoice-customer-failed = Invoice { $invoice } ({ $client }) was not booked: its customer could not be saved; it is tried again next run
sync-invoice-refused-by-rma = Invoice { $invoice } ({ $client }) was refused by Run my Accounts: { $error }
sync-invoice-no-answer = Invoice { $invoice } ({ $client }): no answer from Run my Accounts ({ $error }); the next run checks whether it was booked and never books it twice
sync-invoice-deleted-in-harvest = Invoice { $invoice } was deleted in Harvest after it was booked in Run my Accounts as { $invnumber }; its payments are no longer mirrored. Cancel it in Run my Accounts if it should not exist, then run `rma-harvest dismiss { $invoice }`
sync-totals-not-checked = The totals of the booked invoices could not be checked: { $error }
sync-total-not-reported = Invoice { $invoice }: booked, but Run my Accounts did not report its total, so it was not compared with Harvest's
sync-total-rounding = Invoice { $invoice }: the total in Run my Accounts is { $rma }, in Harvest { $harvest } (difference { $difference }); rounding, accepted
sync-total-mismatch = Invoice { $invoice }: the total in Run my Accounts is { $rma }, in Harvest { $harvest } (difference { $difference }); please check the VAT of its articles in Run my Accounts
sync-repair-booked = Invoice { $invoice }: the last run did not hear back, but Run my Accounts has it as { $invnumber }; recorded as booked
sync-repair-book-again = Invoice { $invoice }: the last run's booking did not reach Run my Accounts; it is booked again

## Payments

payment-invoice-not-ours = that invoice was not booked or linked by rma-harvest
payment-review-no-paid-total = Run my Accounts did not report invoice { $invnumber } when asked for its paid total; nothing was changed in Harvest
payment-review-paid-mismatch = the payments Run my Accounts reports add up to { $total }, but it shows { $paid } as paid; nothing was changed in Harvest, please check the payments in Run my Accounts
payment-review-more-than-due = Run my Accounts has { $more } more in payments than Harvest shows as due ({ $due }); nothing was changed in Harvest
payment-deleted-not-in-harvest = deleted in Run my Accounts and not in Harvest; nothing to do
payment-already-in-harvest = already in Harvest as it is
payment-paid-by-hand = not added to Harvest: invoice { $invoice } is already paid there (payments entered in Harvest)
payment-stop-all-deleted = Run my Accounts reports all { $count } payments mirrored so far as deleted; this looks like a reset or a new API key, not real deletions. Check in Run my Accounts, then ask support to transfer the payment history to the key
payment-stop-too-many-deletions = { $count } Harvest payments would be deleted or replaced, more than sync.max_payment_deletions = { $max }; check Run my Accounts, and raise the limit for one run if this is right
sync-payment-added = Payment of { $amount } on { $date } (RMA payment { $payment }) added to Harvest invoice { $invoice }
sync-payment-changed = Changed in Harvest: payment (RMA payment { $payment }) on Harvest invoice { $invoice } from { $old } to { $amount } on { $date }
sync-payment-removed = Payment of { $amount } (RMA payment { $payment }) removed from Harvest invoice { $invoice }: it was deleted in Run my Accounts
sync-payment-not-mirrored = RMA payment { $payment } not mirrored: the Harvest invoice was deleted in Harvest after booking
sync-payment-refused = Harvest refused the payment of { $amount } (RMA payment { $payment }) on invoice { $invoice }: { $error }; it is not sent again until the payment or the invoice changes
sync-payment-no-answer = RMA payment { $payment } on invoice { $invoice }: no answer from Harvest ({ $error }); the next run checks and never adds it twice
sync-payment-remove-refused = Harvest refused to remove the payment (RMA payment { $payment }) from invoice { $invoice }: { $error }; it is not tried again until the payment or the invoice changes
sync-payment-remove-no-answer = RMA payment { $payment } on invoice { $invoice }: no answer from Harvest while removing it ({ $error }); the next run checks
sync-acknowledge-failed = Run my Accounts did not take the acknowledgement of { $count ->
        [one] 1 payment
       *[other] { $count } payments
    } ({ $error }); they come again next run and are recognised
sync-repair-payment-found = RMA payment { $payment }: the last run did not hear back, but Harvest has it; recorded

## dismiss

dismiss-done = Invoice { $invoice }: dismissed by hand ({ $count ->
        [one] 1 open problem
       *[other] { $count } open problems
    } closed); it is no longer refused or reported as changed

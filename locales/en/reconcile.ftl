reconcile-ok = ok
reconcile-not-in-rma = not in Run my Accounts: { $why }
reconcile-why-refused = refused ({ $reason })
reconcile-why-missing = booked, but Run my Accounts does not list it
reconcile-why-waiting = waiting for the next run
reconcile-why-before-start = issued before sync.start_date { $start_date }
reconcile-why-state = its state "{ $state }" is not imported
reconcile-total-differs = total differs: { $why }
reconcile-why-changed = changed in Harvest after booking
reconcile-why-vat = VAT computed differently
reconcile-paid-differs = paid differs: { $why }
reconcile-why-held = a payment write Harvest refused is held ({ $message })
reconcile-why-pending = { $count ->
    [one] a payment is still pending in the payment feed of Run my Accounts
   *[other] { $count } payments are still pending in the payment feed of Run my Accounts
}
reconcile-why-by-hand = a payment entered by hand in Harvest
reconcile-deleted = deleted in Harvest
reconcile-collision = number collision: { $rma_side }
reconcile-rma-only = in Run my Accounts only
reconcile-dismissed = dismissed ({ $what }); { $difference }
reconcile-todo-refused = fix what the refusal names; the next run books it
reconcile-todo-missing = look for the invoice in Run my Accounts; if it was deleted there, `rma-harvest log` shows which run booked it
reconcile-todo-changed = correct the invoice in Run my Accounts (credit note and new invoice), or undo the change in Harvest
reconcile-todo-vat = check the VAT of the invoice's articles in Run my Accounts
reconcile-todo-held = see why Harvest refused the payment: rma-harvest log --problems
reconcile-todo-pending = nothing by hand: the next run mirrors it
reconcile-todo-by-hand = book the payment in Run my Accounts as well, or remove it in Harvest
reconcile-todo-deleted = cancel the invoice in Run my Accounts with a credit note, or restore it in Harvest
reconcile-todo-collision = give the invoice another number in Harvest (or change sync.invoice_number); once handled by hand: rma-harvest dismiss NUMBER
reconcile-todo-rma-only = the state file does not know this invoice (restored or lost?): check it in Run my Accounts and Harvest
reconcile-heading = Harvest and Run my Accounts, invoices issued { $from } to { $to }; nothing is written.
reconcile-col-invoice = Invoice
reconcile-col-client = Client
reconcile-col-harvest-total = Harvest total
reconcile-col-harvest-paid = Harvest paid
reconcile-col-rma-invoice = RMA invoice
reconcile-col-rma-total = RMA total
reconcile-col-rma-paid = RMA paid
reconcile-col-verdict = Verdict
reconcile-what-to-do = what to do: { $todo }
reconcile-sum = { $currency }: { $count ->
    [one] 1 invoice
   *[other] { $count } invoices
}; totals Harvest { $harvest_total }, Run my Accounts { $rma_total } (difference { $total_difference }); paid Harvest { $harvest_paid }, Run my Accounts { $rma_paid } (difference { $paid_difference })
reconcile-agree = Both books agree.
reconcile-differences = { $count ->
    [one] 1 invoice differs.
   *[other] { $count } invoices differ.
}
reconcile-none = No invoices in this range.
reconcile-unreadable = Harvest sent an invoice entry that cannot be read ({ $what }); it is not compared.
reconcile-range-reversed = --from { $from } is after --to { $to }

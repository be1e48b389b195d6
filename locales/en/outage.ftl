# Issue 16: a service that goes away mid-run, a stop signal, a run still going.
outage-rma-gone-after = Run my Accounts stopped answering after invoice { $invoice }; { $waiting ->
        [one] 1 invoice waits
       *[other] { $waiting } invoices wait
    } for the next run ({ $reason })
outage-rma-gone-before = Run my Accounts stopped answering before the first invoice of this run; { $waiting ->
        [one] 1 invoice waits
       *[other] { $waiting } invoices wait
    } for the next run ({ $reason })
outage-rma-blip = Run my Accounts could not be reached for a moment; { $waiting ->
        [one] 1 invoice waits
       *[other] { $waiting } invoices wait
    } for the next run ({ $reason })
outage-harvest-gone-after = Harvest stopped answering after RMA payment { $payment }; { $waiting ->
        [one] 1 payment waits
       *[other] { $waiting } payments wait
    } for the next run ({ $reason })
outage-harvest-gone-before = Harvest stopped answering before the first payment of this run; { $waiting ->
        [one] 1 payment waits
       *[other] { $waiting } payments wait
    } for the next run ({ $reason })
outage-harvest-blip = Harvest could not be reached for a moment; { $waiting ->
        [one] 1 payment waits
       *[other] { $waiting } payments wait
    } for the next run ({ $reason })
outage-gave-up = { $service } failed { $failures } times in a row
outage-not-acknowledged = { $count ->
        [one] 1 payment was
       *[other] { $count } payments were
    } not acknowledged in Run my Accounts; they come again next run and are recognised
stop-reason = stopped by { $signal }: no new request was sent after it
stop-advice = Everything done before is recorded; the next run continues
log-run-running = running
log-run-interrupted = interrupted (no end recorded)
log-run-stopped = stopped by { $signal } (exit { $code })
log-in-flight-invoices = sent, outcome not recorded (the next run checks): invoice { $invoices }
log-in-flight-payments = sent, outcome not recorded (the next run checks): RMA payment { $payments }
dry-run-beside-a-run = A real run is in progress: this plan is made from the state before it ends.

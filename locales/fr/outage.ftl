# Issue 16 : un service qui disparaît en cours d'exécution, un signal d'arrêt, une exécution en cours.
outage-rma-gone-after = Run my Accounts ne répond plus depuis la facture { $invoice } ; { $waiting ->
        [one] 1 facture attend
       *[other] { $waiting } factures attendent
    } la prochaine exécution ({ $reason })
outage-rma-gone-before = Run my Accounts ne répond plus depuis avant la première facture de cette exécution ; { $waiting ->
        [one] 1 facture attend
       *[other] { $waiting } factures attendent
    } la prochaine exécution ({ $reason })
outage-rma-blip = Run my Accounts a été brièvement injoignable ; { $waiting ->
        [one] 1 facture attend
       *[other] { $waiting } factures attendent
    } la prochaine exécution ({ $reason })
outage-harvest-gone-after = Harvest ne répond plus depuis le paiement RMA { $payment } ; { $waiting ->
        [one] 1 paiement attend
       *[other] { $waiting } paiements attendent
    } la prochaine exécution ({ $reason })
outage-harvest-gone-before = Harvest ne répond plus depuis avant le premier paiement de cette exécution ; { $waiting ->
        [one] 1 paiement attend
       *[other] { $waiting } paiements attendent
    } la prochaine exécution ({ $reason })
outage-harvest-blip = Harvest a été brièvement injoignable ; { $waiting ->
        [one] 1 paiement attend
       *[other] { $waiting } paiements attendent
    } la prochaine exécution ({ $reason })
outage-gave-up = { $service } a échoué { $failures } fois de suite
outage-not-acknowledged = { $count ->
        [one] 1 paiement n'a pas été confirmé
       *[other] { $count } paiements n'ont pas été confirmés
    } dans Run my Accounts ; ils reviennent à la prochaine exécution et sont reconnus
stop-reason = arrêté par { $signal } : aucune nouvelle requête n'a été envoyée ensuite
stop-advice = Tout ce qui a été fait jusque-là est enregistré ; la prochaine exécution continue
log-run-running = en cours
log-run-interrupted = interrompue (aucune fin enregistrée)
log-run-stopped = arrêtée par { $signal } (code { $code })
log-in-flight-invoices = envoyé, résultat non enregistré (la prochaine exécution vérifie) : facture { $invoices }
log-in-flight-payments = envoyé, résultat non enregistré (la prochaine exécution vérifie) : paiement RMA { $payments }
dry-run-beside-a-run = Une exécution réelle est en cours : ce plan repose sur l'état avant sa fin.

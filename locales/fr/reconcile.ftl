reconcile-ok = ok
reconcile-not-in-rma = pas dans Run my Accounts : { $why }
reconcile-why-refused = refusée ({ $reason })
reconcile-why-missing = comptabilisée, mais Run my Accounts ne la liste pas
reconcile-why-waiting = attend la prochaine exécution
reconcile-why-before-start = émise avant sync.start_date { $start_date }
reconcile-why-state = son état « { $state } » n'est pas importé
reconcile-total-differs = montant différent : { $why }
reconcile-why-changed = modifiée dans Harvest après la comptabilisation
reconcile-why-vat = TVA calculée autrement
reconcile-paid-differs = payé différent : { $why }
reconcile-why-held = un paiement refusé par Harvest est retenu ({ $message })
reconcile-why-pending = { $count ->
    [one] un paiement est encore en attente dans le flux de paiements de Run my Accounts
   *[other] { $count } paiements sont encore en attente dans le flux de paiements de Run my Accounts
}
reconcile-why-by-hand = un paiement saisi à la main dans Harvest
reconcile-deleted = supprimée dans Harvest
reconcile-collision = collision de numéro : { $rma_side }
reconcile-rma-only = seulement dans Run my Accounts
reconcile-dismissed = classée ({ $what }) ; { $difference }
reconcile-todo-refused = corrigez ce que le refus indique ; la prochaine exécution comptabilise la facture
reconcile-todo-missing = cherchez la facture débiteur dans Run my Accounts ; si elle y a été supprimée, `rma-harvest log` montre quelle exécution l'a comptabilisée
reconcile-todo-changed = corrigez la facture débiteur dans Run my Accounts (note de crédit et nouvelle facture), ou annulez la modification dans Harvest
reconcile-todo-vat = vérifiez la TVA des articles de cette facture dans Run my Accounts
reconcile-todo-held = pourquoi Harvest a refusé le paiement : rma-harvest log --problems
reconcile-todo-pending = rien à la main : la prochaine exécution le reporte
reconcile-todo-by-hand = comptabilisez aussi le paiement dans Run my Accounts, ou supprimez-le dans Harvest
reconcile-todo-deleted = annulez la facture débiteur dans Run my Accounts par une note de crédit, ou restaurez la facture dans Harvest
reconcile-todo-collision = donnez un autre numéro à la facture dans Harvest (ou modifiez sync.invoice_number) ; une fois réglé à la main : rma-harvest dismiss NUMÉRO
reconcile-todo-rma-only = le fichier d'état ne connaît pas cette facture (restauré ou perdu ?) : vérifiez-la dans Run my Accounts et dans Harvest
reconcile-heading = Harvest et Run my Accounts, factures émises du { $from } au { $to } ; rien n'est écrit.
reconcile-col-invoice = Facture
reconcile-col-client = Client
reconcile-col-harvest-total = Montant Harvest
reconcile-col-harvest-paid = Payé Harvest
reconcile-col-rma-invoice = Facture RMA
reconcile-col-rma-total = Montant RMA
reconcile-col-rma-paid = Payé RMA
reconcile-col-verdict = Résultat
reconcile-what-to-do = à faire : { $todo }
reconcile-sum = { $currency } : { $count ->
    [one] 1 facture
   *[other] { $count } factures
} ; montants Harvest { $harvest_total }, Run my Accounts { $rma_total } (différence { $total_difference }) ; payé Harvest { $harvest_paid }, Run my Accounts { $rma_paid } (différence { $paid_difference })
reconcile-agree = Les deux comptabilités concordent.
reconcile-differences = { $count ->
    [one] 1 facture diffère.
   *[other] { $count } factures diffèrent.
}
reconcile-none = Aucune facture dans cette période.
reconcile-unreadable = Harvest a envoyé une entrée de facture illisible ({ $what }) ; elle n'est pas comparée.
reconcile-range-reversed = --from { $from } est après --to { $to }

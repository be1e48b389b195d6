# Ce qu'un nouvel utilisateur rencontre d'abord (issue 19) : dismiss et son annulation,
# doctor sur un mandant vide, Harvest sans identifiants, les classements dans le journal.
dismiss-nothing-to-dismiss = La facture { $number } n'a aucun problème ouvert, il n'y a donc rien à classer ; `rma-harvest log` liste les problèmes ouverts (`rma-harvest dismiss --force { $number }` ferait quand même taire ses signalements ultérieurs)
dismiss-not-dismissed = La facture { $number } n'est pas classée, il n'y a donc rien à annuler
dismiss-undone = Facture { $number } : classement annulé ({ $count ->
        [one] 1 problème de nouveau ouvert
       *[other] { $count } problèmes de nouveau ouverts
    }) ; le prochain passage la refuse ou la signale de nouveau si elle demande encore l'intervention de quelqu'un
log-dismissal-entry = Entrée { $id } — à la main, { $at }
doctor-totals-no-invoice = Run my Accounts n'a encore aucune facture (aucune datée du { $from } au { $to }), il n'y a donc rien à vérifier
doctor-totals-no-invoice-advice = relancez `rma-harvest doctor` après la première synchronisation qui a comptabilisé des factures
harvest-not-connected-oauth = Harvest n'est pas connecté : lancez une fois `rma-harvest auth`, qui enregistre l'autorisation de l'application OAuth (harvest.client_id) dans le fichier d'état
harvest-not-connected = Harvest n'est pas connecté : définissez harvest.access_token et harvest.account_id (un jeton d'accès personnel ; ou HARVEST_ACCESS_TOKEN), ou harvest.client_id et harvest.client_secret d'une application OAuth, puis lancez `rma-harvest auth`

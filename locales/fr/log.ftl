# `rma-harvest log` : le tableau des exécutions, les événements d'une exécution et les problèmes ouverts (issue 17).

log-no-state-file = Aucune exécution enregistrée pour l'instant (pas de fichier d'état sous { $path }).
log-no-such-run = le journal ne contient pas d'exécution { $run }
log-no-runs = Aucune exécution enregistrée pour l'instant.
log-limit-zero = --limit 0 : aucune exécution affichée.
log-no-events = (aucun événement)
log-footer = `rma-harvest log --run ID` affiche tous les événements d'une exécution.
log-open-problems = Problèmes ouverts ({ $count }) :
log-open-problem = { $problem } (vu la première fois { $first }, la dernière fois { $last })
log-what-to-do = Que faire : { $todo }
log-booked-list = comptabilisées : { $numbers }
log-linked-list = liées : { $numbers }
log-column-run = exéc.
log-column-started = début
log-column-result = résultat
log-column-booked = compta.
log-column-linked = liées
log-column-refused = refusées
log-column-payments = paiements
log-result-ok = ok
log-result-needs-attention = à vérifier (exit 1)
log-result-auth-failed = authentification échouée (exit 3)
log-result-unreachable = service injoignable (exit 4)
log-result-failed = échouée (exit { $exit })
log-run-title = Exécution { $run } — début { $started }, { $result } ; { $booked ->
        [one] { $booked } facture comptabilisée
       *[other] { $booked } factures comptabilisées
    }, { $linked ->
        [one] { $linked } liée
       *[other] { $linked } liées
    }, { $refused ->
        [one] { $refused } refusée
       *[other] { $refused } refusées
    }, { $payments ->
        [one] { $payments } paiement ajouté
       *[other] { $payments } paiements ajoutés
    }, { $removed ->
        [one] { $removed } supprimé
       *[other] { $removed } supprimés
    }

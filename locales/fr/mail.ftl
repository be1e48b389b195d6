# Le courriel au comptable (issue 18), ses réglages et la commande `mail`.

mail-config-missing = [notify.email] demande { $key }
mail-config-address = { $key } = "{ $value }": ce n'est pas une adresse e-mail
mail-config-smtp-url = { $key } = "{ $value }": doit être smtps://hôte:465 (TLS dès le début) ou smtp://hôte:587 (STARTTLS)
mail-config-password = { $key } est indiqué mais il n'y a pas de mot de passe: indiquez { $env } ou notify.email.password
mail-config-when = { $key } = "{ $value }": les valeurs permises sont "problems" et "activity"
mail-config-days = { $key } doit être un nombre entier, 1 ou plus

mail-subject = Harvest → Run my Accounts ({ $tenant }), { $date }: { $gist }
mail-gist-booked = { $count ->
    [one] 1 facture comptabilisée
   *[other] { $count } factures comptabilisées
}
mail-gist-linked = { $count ->
    [one] 1 facture liée
   *[other] { $count } factures liées
}
mail-gist-payments = { $count ->
    [one] 1 paiement reporté
   *[other] { $count } paiements reportés
}
mail-gist-attention = { $count ->
    [one] 1 demande votre attention
   *[other] { $count } demandent votre attention
}
mail-gist-still-open = { $count ->
    [one] 1 problème encore ouvert
   *[other] { $count } problèmes encore ouverts
}
mail-gist-quiet = rien de nouveau

mail-greeting = Ce que rma-harvest a fait pour le mandant { $tenant }:
mail-section-attention = Demande votre attention
mail-section-booked = Comptabilisé dans Run my Accounts
mail-section-payments = Paiements reportés dans Harvest
mail-section-still-open = Encore ouvert
mail-todo = Que faire: { $todo }
mail-first-seen = vu pour la première fois le { $date }
mail-carried = Un courriel précédent n'a pas pu être envoyé; celui-ci dit aussi ce qu'il aurait dit ({ $count } exécutions: { $nights }).
mail-footer = Le journal complet: `rma-harvest log` sur le serveur; cette exécution seule: `rma-harvest log --run { $run }`.

mail-test-subject = rma-harvest: courriel de test ({ $tenant })
mail-test-body = Ce courriel de test montre que rma-harvest peut envoyer le courriel du comptable à { $to }. Rien d'autre n'a été fait.
mail-test-sent = Courriel de test envoyé à { $to }; le serveur a répondu: { $answer }
mail-sent = Courriel envoyé à { $to }.
mail-failed = Le courriel au comptable n'a pas pu être envoyé: { $reason }. Rien n'est perdu: le prochain courriel qui passe dira aussi ce qu'a fait cette exécution.
mail-failed-todo = Vérifiez [notify.email] et le serveur de courriel (`rma-harvest mail --test`); le problème se ferme dès qu'un courriel passe
mail-not-configured = Aucun courriel n'est configuré: { $path } n'a pas de section [notify.email].
mail-preview-sent = (Ce courriel a été envoyé le { $at }.)
mail-preview-waiting = (Pas encore envoyé: le prochain courriel qui passe le contiendra.)
mail-preview-quiet = (Rien de nouveau: aucun courriel n'a été envoyé pour cette exécution.)
mail-no-runs = Aucune exécution n'est encore enregistrée, il n'y a donc pas de courriel à montrer.
mail-no-such-run = Il n'y a pas d'exécution { $run } dans le journal.
mail-doctor-holds = { $host }:{ $port } répond et accepte { $login }
mail-doctor-login = la connexion avec identifiant
mail-doctor-no-login = la connexion (aucun identifiant configuré)
mail-doctor-fails = { $host }:{ $port }: { $reason }
mail-doctor-advice = Vérifiez notify.email.smtp_url, l'identifiant et { $env }; `rma-harvest mail --test` envoie un courriel de test
mail-ca-file = notify.email.ca_file { $path }: { $reason }
mail-closed = le serveur a fermé la connexion

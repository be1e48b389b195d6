## Commandes : que faire après une erreur, auth, check-categories, dismiss.

advice-check-rma-key = Vérifiez rma.api_key (variable RMA_API_KEY) et rma.tenant
advice-run-auth = Exécutez `rma-harvest auth`
advice-wrong-tenant = Aucun passage n'atteint Run my Accounts tant que ce n'est pas corrigé
advice-next-run-continues = Tout ce qui a été fait est enregistré ; le prochain passage continue

commands-no-rma-key = pas de clé API Run my Accounts : indiquez rma.api_key dans la configuration ou RMA_API_KEY
commands-no-harvest-account-id = { $path } : harvest.account_id manque ; un jeton d'accès personnel a besoin de l'identifiant de compte affiché à côté sur id.getharvest.com/developers
commands-cannot-write = impossible d'écrire { $path } : { $detail }
commands-test-clock = { $variable } doit être un instant RFC 3339 comme 2026-11-28T01:00:00Z ({ $detail })

## auth
auth-wrong-account = cet accès Harvest appartient à { $found }, mais harvest.account_url est { $configured } ; utilisez le compte correspondant
auth-user-may-not-manage = l'utilisateur Harvest { $user } ne peut pas gérer les factures ; seuls un administrateur ou un manager autorisé à créer et modifier des factures peuvent saisir des paiements
auth-invoices-off = avertissement : les factures sont désactivées dans le compte Harvest { $account }
auth-connected-personal = Harvest connecté : { $domain } (compte { $account }) en tant que { $user } (jeton d'accès personnel)
auth-connected = Harvest connecté : { $domain } (compte { $account }) en tant que { $user }
auth-check-harvest-ok = Harvest : en ordre — { $found }
auth-check-harvest-found = { $domain } en tant que { $user }
auth-check-harvest-failed = Harvest : ÉCHEC — { $error }
auth-check-rma-ok = Run my Accounts : en ordre — { $found }
auth-check-rma-found = mandant { $tenant } ({ $count ->
        [one] 1 article
       *[other] { $count } articles
    })
auth-check-rma-failed = Run my Accounts : ÉCHEC — { $error }
auth-warning = avertissement : { $warning }
auth-access-refused = l'accès a été refusé dans Harvest
auth-id-error = Harvest ID a répondu par une erreur : { $error } { $detail }
auth-state-mismatch = la réponse ne vient pas de cette tentative de connexion (son état ne correspond pas) ; exécutez à nouveau `rma-harvest auth`
auth-no-code = la réponse de Harvest ID ne contient pas de code d'autorisation
auth-redirect-not-http = le récepteur local a besoin d'une redirect_uri http:// sur 127.0.0.1 ou localhost (ou utilisez --paste)
auth-redirect-not-local = le serveur { $host } de la redirect_uri n'est pas cet ordinateur (127.0.0.1, ::1 ou localhost) ; utilisez --paste
auth-redirect-port = le port « { $port } » de la redirect_uri n'est pas un nombre
auth-no-client = { $path } : harvest.client_id et harvest.client_secret sont nécessaires pour connecter Harvest (ou indiquez harvest.access_token et harvest.account_id pour un jeton d'accès personnel)
auth-no-random = le système ne fournit pas d'état de connexion aléatoire : { $detail }
auth-open-address = Ouvrez cette adresse dans votre navigateur et autorisez l'accès :
auth-paste-address = Collez ensuite l'adresse à laquelle votre navigateur est arrivé (elle commence par { $redirect_uri }) :
auth-cannot-listen = impossible d'attendre la réponse du navigateur sur { $address } ({ $detail }) ; libérez le port, changez harvest.redirect_uri ou utilisez --paste
auth-waiting = En attente du navigateur sur { $redirect_uri }…
auth-no-account = cette connexion Harvest n'atteint aucun compte Harvest ; { $wanted } était attendu
auth-account-not-reached = aucun des comptes Harvest de cette connexion n'est { $wanted } (trouvés : { $found }) ; connectez-vous en tant qu'utilisateur de { $wanted } ou corrigez harvest.account_url
auth-browser-timeout = pas de réponse du navigateur en { $seconds } s ; exécutez à nouveau `rma-harvest auth` (ou utilisez --paste)
auth-page-ok = Harvest a répondu. Vous pouvez fermer cette fenêtre et revenir au terminal.
auth-page-not-connected = Non connecté : { $reason }. Voir le terminal.

## check-categories
categories-column-category = Catégorie
categories-column-article = Article dans Run my Accounts
categories-column-invoices = Factures à comptabiliser
categories-missing = manquant
categories-line-not-article = la ligne { $line } a la catégorie « { $category } », qui n'est pas un article dans Run my Accounts
categories-invoice-refused = La facture { $invoice } ({ $client }) serait refusée : { $lines }
categories-invoice-not-counted = Facture Harvest { $invoice } non comptée : { $why }
categories-create-articles = Créez les articles manquants dans Run my Accounts (numéro d'article = nom de la catégorie, lettre pour lettre), ou changez la catégorie des lignes de facture dans Harvest.
categories-all-articles = Chaque catégorie utilisée sur une facture ouverte est un article dans Run my Accounts.

## dismiss
dismiss-unknown-invoice = rma-harvest ne connaît aucune facture Harvest { $invoice } et n'a aucun problème ouvert à son sujet ; `rma-harvest log` liste les problèmes ouverts

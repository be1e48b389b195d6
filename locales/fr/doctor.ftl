## rma-harvest doctor : la liste de contrôle.

doctor-heading = Contrôle de Harvest ({ $harvest }) et de Run my Accounts (mandant { $tenant }) ; rien n'est écrit.
doctor-summary = { $count ->
        [one] 1 contrôle
       *[other] { $count } contrôles
    } : { $holds } { $holds ->
        [one] satisfait
       *[other] satisfaits
    }, { $warnings ->
        [one] 1 avertissement
       *[other] { $warnings } avertissements
    }, { $fails } en échec, { $unknown ->
        [one] { $unknown } indéterminé
       *[other] { $unknown } indéterminés
    }.
doctor-status-holds = satisfait
doctor-status-warning = avertissement
doctor-status-fails = ÉCHEC
doctor-status-could-not-tell = indéterminé
doctor-examples = { $shown } et { $more } autres
doctor-service-error = { $error }
doctor-line = { $title } : { $detail }

## Ce qui est supposé
doctor-title-harvest-token = Harvest accepte le jeton d'accès
doctor-title-harvest-account = Le jeton appartient à harvest.account_url
doctor-title-harvest-permissions = L'utilisateur Harvest peut gérer les factures et lire les clients et les contacts
doctor-title-harvest-invoices = Harvest liste les factures à reprendre
doctor-title-invoice-numbers = Les numéros de facture ne contiennent que des chiffres (Run my Accounts en tire la référence de la QR-facture)
doctor-title-currency = Les factures sont en CHF
doctor-title-rma-key = Run my Accounts accepte la clé API pour rma.tenant
doctor-title-rma-articles = Run my Accounts liste ses articles
doctor-title-categories = Chaque catégorie d'une facture encore à comptabiliser est un article
doctor-title-invoice-totals = Les entrées de la liste des factures débiteurs portent les montants nécessaires (montant, payé)
doctor-title-unknown-customer = Un numéro de client inconnu répond 404
doctor-title-unknown-invoice = Un numéro de facture inconnu répond 404
doctor-title-payment-feed = La liste des paiements reçus est lisible
doctor-title-payment-feed-rows = Chaque paiement en attente a un identifiant, un numéro de facture, une date et un montant
doctor-title-mail-server = Le serveur de messagerie répond et accepte la connexion ([notify.email])
doctor-title-ar-account = rma.ar_account existe dans le plan comptable

## Harvest : ce qui a été trouvé
doctor-harvest-not-connected = Harvest n'est pas connecté
doctor-harvest-token-unchecked = le jeton Harvest n'a pas pu être vérifié
doctor-harvest-account-id = compte { $account }
doctor-harvest-other-account = le jeton appartient à { $found }, harvest.account_url est { $configured }
doctor-harvest-may-not-manage = { $user } ne peut pas gérer les factures
doctor-harvest-readable = { $user } ({ $clients } clients, { $contacts } contacts lisibles)
doctor-harvest-unreadable = Harvest a envoyé des factures illisibles : { $invoices }
doctor-harvest-to-book = { $count ->
        [one] 1 facture
       *[other] { $count } factures
    } encore à comptabiliser (état { $states })
doctor-harvest-to-book-since = { $count ->
        [one] 1 facture
       *[other] { $count } factures
    } encore à comptabiliser (état { $states }, émises depuis le { $from })
doctor-no-harvest-invoices = les factures Harvest n'ont pas pu être lues
doctor-numbers-digits = chaque numéro ne contient que des chiffres
doctor-numbers-not-digits = { $count ->
        [one] 1 numéro ne contient
       *[other] { $count } numéros ne contiennent
    } pas que des chiffres : { $numbers }
doctor-currency-chf = chaque facture encore à comptabiliser est en CHF
doctor-currency-foreign = { $count ->
        [one] 1 facture
       *[other] { $count } factures
    } dans une autre monnaie : { $invoices }

## Harvest : que faire
doctor-advice-harvest-account = utilisez un jeton du compte configuré, ou corrigez harvest.account_url et harvest.account_id
doctor-advice-manager = utilisez le jeton d'un administrateur, ou d'un manager autorisé à créer et modifier des factures
doctor-advice-all-clients = l'utilisateur doit voir tous les clients : un administrateur, ou un manager ayant accès à tous les clients
doctor-advice-import-states = vérifiez les autorisations ci-dessus et sync.import_states
doctor-advice-correct-in-harvest = corrigez-les dans Harvest ; la synchronisation refuse chacune d'elles nommément et comptabilise les autres
doctor-advice-numbers = Run my Accounts ne peut pas former la référence de la QR-facture de ces factures ; utilisez dans Harvest des numéros de facture composés uniquement de chiffres, ou indiquez sync.invoice_number = "{"{"}id{"}"}" (l'identifiant de facture Harvest)
doctor-advice-currency = Run my Accounts a besoin d'un cours de change pour chacune de ces monnaies et chaque jour (Paramètres > Monnaies)

## Run my Accounts : ce qui a été trouvé
doctor-rma-key-unchecked = la clé Run my Accounts n'a pas pu être vérifiée
doctor-rma-tenant = mandant { $tenant }
doctor-rma-no-articles = la liste des articles est vide
doctor-rma-articles = { $count ->
        [one] 1 article
       *[other] { $count } articles
    }
doctor-category-line = facture { $invoice } ligne { $line } « { $category } »
doctor-categories-checked = { $count ->
        [one] 1 facture vérifiée
       *[other] { $count } factures vérifiées
    }
doctor-categories-missing = pas un article : { $lines }
doctor-totals-list-refused = la liste des factures débiteurs a été refusée ({ $reason })
doctor-totals-entries = { $count ->
        [one] 1 entrée
       *[other] { $count } entrées
    } datées du { $from } au { $to }
doctor-totals-single-has-them = entrées de la liste sans montant ou sans montant payé : { $invoices } ; la facture débiteur seule les a
doctor-totals-missing = la facture débiteur { $invoice } n'a ni montant ni montant payé, dans la liste comme seule
doctor-customer-404 = client { $customer } : 404
doctor-customer-answered = Run my Accounts a répondu par un client pour { $customer }
doctor-invoice-404 = facture débiteur { $invoice } : 404
doctor-invoice-answered = Run my Accounts a répondu par une facture débiteur pour { $invoice }
doctor-feed-unread = la liste des paiements reçus n'a pas pu être lue
doctor-feed-pending = { $count ->
        [one] 1 paiement en attente
       *[other] { $count } paiements en attente
    }
doctor-feed-row = paiement { $payment } : { $why }
doctor-feed-row-without-id = un paiement sans identifiant : { $why }
doctor-feed-rows-checked = { $count ->
        [one] 1 paiement vérifié
       *[other] { $count } paiements vérifiés
    }
doctor-ar-default = non indiqué : Run my Accounts comptabilise sur le compte par défaut du mandant
doctor-ar-found = compte { $account }
doctor-ar-no-numbers = le plan comptable ne donne aucun numéro de compte
doctor-ar-missing = le compte { $account } n'est pas parmi les { $count } comptes

## Run my Accounts : que faire
doctor-advice-rma-key = vérifiez rma.api_key (ou RMA_API_KEY) et rma.tenant (le mandant, comme à la connexion à Run my Accounts)
doctor-advice-create-articles = créez dans Run my Accounts un article pour chaque catégorie (type) Harvest
doctor-advice-categories = créez les articles manquants dans Run my Accounts (numéro d'article = la catégorie Harvest, à l'identique), ou changez la catégorie dans Harvest ; `rma-harvest check-categories` les liste toutes
doctor-advice-one-by-one = la synchronisation demande plutôt chaque facture débiteur séparément : plus lent, mais correct
doctor-advice-totals = les paiements ne peuvent pas être comparés au montant payé dans Run my Accounts ; signalez-le avant de lancer la synchronisation
doctor-advice-customers-existing = la synchronisation prendrait chaque nouveau client pour un client existant ; signalez-le avant de lancer la synchronisation
doctor-advice-customers-unknown = la synchronisation ne peut pas distinguer un nouveau client d'un client existant ; signalez-le avant de lancer la synchronisation
doctor-advice-invoices-booked = la synchronisation prendrait chaque facture pour déjà comptabilisée ; signalez-le avant de lancer la synchronisation
doctor-advice-invoices-unknown = la synchronisation ne peut pas distinguer une facture à comptabiliser d'une facture comptabilisée ; signalez-le avant de lancer la synchronisation
doctor-advice-feed = la synchronisation saute la phase des paiements tant que ceci échoue
doctor-advice-feed-rows = un tel paiement n'est jamais acquitté et n'est jamais reporté ; corrigez le paiement dans Run my Accounts (il doit être comptabilisé sur une facture)
doctor-advice-ar-account = indiquez dans rma.ar_account un compte débiteurs existant (p. ex. 1100), ou supprimez-le pour utiliser le compte par défaut

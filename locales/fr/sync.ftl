# Ce que dit une synchronisation : ses étapes, ses événements, ses refus et ses arrêts de sécurité (issue 17).

## Problèmes ouverts : que faire

problem-todo-refused = Corrigez la facture ou les articles comme l'indique le message ; la prochaine exécution la comptabilise. Ou comptabilisez-la à la main et lancez `rma-harvest dismiss { $invoice }`
problem-todo-number-collision = Comptabilisez la facture à la main dans Run my Accounts sous un autre numéro, puis lancez `rma-harvest dismiss { $invoice }`
problem-todo-changed-after-booking = Corrigez au besoin la facture débiteur comptabilisée dans Run my Accounts à la main (note de crédit), puis lancez `rma-harvest dismiss { $invoice }`
problem-todo-deleted-in-harvest = Annulez la facture débiteur dans Run my Accounts si elle ne doit pas exister, puis lancez `rma-harvest dismiss { $invoice }`
problem-todo-total-mismatch = Vérifiez la TVA des articles de la facture dans Run my Accounts, puis lancez `rma-harvest dismiss { $invoice }`
problem-todo-needs-review = Vérifiez les paiements de la facture dans Run my Accounts ; le problème se ferme quand leur somme est juste
problem-todo-unreadable-payment = Vérifiez le paiement dans Run my Accounts (numéro de facture, date, montant) ; le problème se ferme quand la ligne est lisible ou a disparu
problem-todo-payment-held = Vérifiez la facture et le paiement dans Harvest ; il est réessayé dès que le paiement ou la facture change
problem-todo-other = Lisez le message ; le problème se ferme quand la prochaine exécution ne le voit plus
problem-todo-any-number = <numéro>

## L'exécution dans son ensemble

sync-run-stopped = L'exécution s'est arrêtée : { $reason }
sync-run-stopped-advice = L'exécution s'est arrêtée : { $reason }. { $advice }
sync-summary = Exécution { $run } : { $booked ->
        [one] { $booked } facture comptabilisée
       *[other] { $booked } factures comptabilisées
    }, { $linked ->
        [one] { $linked } liée
       *[other] { $linked } liées
    }, { $refused ->
        [one] { $refused } refusée
       *[other] { $refused } refusées
    }, { $customers ->
        [one] { $customers } client enregistré
       *[other] { $customers } clients enregistrés
    }, { $payments ->
        [one] { $payments } paiement ajouté
       *[other] { $payments } paiements ajoutés
    }, { $removed ->
        [one] { $removed } supprimé
       *[other] { $removed } supprimés
    }.
sync-summary-booking-stopped = Aucune facture n'a été comptabilisée lors de cette exécution.
sync-summary-payments-stopped = Aucun paiement n'a été reporté lors de cette exécution.
sync-needs-attention = L'exécution { $run } demande votre attention (exit { $exit }) ; détails : { $command } log --run { $run }
sync-warning = avertissement : { $warning }
sync-bulk-guard = Cette exécution comptabiliserait { $count } factures dans Run my Accounts, plus que sync.max_new_bookings ({ $max }) ; rien n'a été écrit. Si les factures plus anciennes ne doivent pas être comptabilisées, définissez sync.start_date dans la configuration ; si les { $count } sont voulues, lancez une fois `rma-harvest sync --max-new-bookings { $count }` (`rma-harvest sync --dry-run` les énumère)
sync-bulk-guard-dry-run = Cette exécution comptabiliserait { $count } factures dans Run my Accounts, plus que sync.max_new_bookings ({ $max }) ; l'exécution réelle n'écrirait rien. Si les factures plus anciennes ne doivent pas être comptabilisées, définissez sync.start_date dans la configuration ; si les { $count } sont voulues, lancez une fois `rma-harvest sync --max-new-bookings { $count }` (`rma-harvest sync --dry-run` les énumère)
sync-dry-run-pending = { $count ->
        [one] 1 écriture d'une exécution interrompue est d'abord vérifiée par l'exécution réelle.
       *[other] { $count } écritures d'une exécution interrompue sont d'abord vérifiées par l'exécution réelle.
    }
sync-dry-run-skipped = { $count ->
        [one] 1 facture reste telle quelle (déjà dans Run my Accounts, ou à ne pas comptabiliser) ; --json l'énumère.
       *[other] { $count } factures restent telles quelles (déjà dans Run my Accounts, ou à ne pas comptabiliser) ; --json les énumère.
    }
sync-dry-run-summary = Essai : { $changes ->
        [one] 1 modification prévue
       *[other] { $changes } modifications prévues
    }, { $attention ->
        [one] 1 demande
       *[other] { $attention } demandent
    } une personne ; rien n'a été écrit.
sync-invoice-filter-unknown = { $count ->
        [one] La facture { $numbers } n'est
       *[other] Les factures { $numbers } ne sont
    } ni une facture Harvest importable (état { $states }) ni une facture comptabilisée ou liée par rma-harvest ; vérifiez le numéro donné à --invoice
sync-invoice-filter-unknown-since = { $count ->
        [one] La facture { $numbers } n'est
       *[other] Les factures { $numbers } ne sont
    } ni une facture Harvest importable (état { $states }, émise à partir du { $since }) ni une facture comptabilisée ou liée par rma-harvest ; vérifiez le numéro donné à --invoice
sync-progress-reading = Lecture de Harvest et de Run my Accounts
sync-progress-booking = comptabilisation { $pos } sur { $len }
sync-progress-mirroring = report des paiements { $pos } sur { $len }

## Lecture des deux côtés

sync-read-failed = impossible de lire { $what } ({ $error })
sync-booking-read-failed = { $reason } ; la prochaine exécution réessaie
sync-payments-read-failed = { $reason } ; rien n'a été quittancé dans Run my Accounts, la prochaine exécution redemande
read-harvest-clients = la liste des clients de Harvest
read-harvest-contacts = la liste des contacts de Harvest
read-harvest-payments = les paiements d'une facture Harvest
read-rma-articles = la liste des articles de Run my Accounts
read-rma-invoices = la liste des factures débiteur de Run my Accounts
read-rma-invoice = une facture débiteur de Run my Accounts
read-rma-feed = la liste des paiements de Run my Accounts
read-rma-paid-totals = la liste des montants payés dans Run my Accounts
read-rma-paid-total = le montant payé d'une facture débiteur de Run my Accounts

## Les étapes d'un plan (les lignes de l'essai)

sync-step-customer-create = Créer le client { $customer } ({ $client }) dans Run my Accounts
sync-step-customer-update = Mettre à jour le client { $customer } ({ $client }) dans Run my Accounts
sync-step-book = Comptabiliser la facture { $invoice } ({ $client }, { $amount }) dans Run my Accounts comme facture débiteur { $invnumber }
sync-step-link = La facture { $invoice } ({ $client }) existe déjà dans Run my Accounts sous { $invnumber } : la lier, ne pas la comptabiliser une seconde fois
sync-step-refuse = Facture { $invoice } ({ $client }) : { $reasons }
sync-step-number-collision = Facture { $invoice } ({ $client }, { $amount }) : conflit de numéro, { $rma_side } ; ni comptabilisée ni liée, et les paiements de cette facture débiteur ne sont pas reportés. Comptabilisez-la à la main dans Run my Accounts sous un autre numéro, puis lancez `rma-harvest dismiss { $invoice }`
sync-step-changed-after-booking = La facture { $invoice } ({ $client }) a été modifiée dans Harvest après avoir été comptabilisée dans Run my Accounts sous { $invnumber } : comptabilisée { $booked }, maintenant { $now }. Elle n'est pas comptabilisée une seconde fois ; corrigez au besoin { $invnumber } à la main dans Run my Accounts, puis lancez `rma-harvest dismiss { $invoice }`
sync-step-skip = Facture { $invoice } : { $reason }
sync-step-unreadable-invoice = Facture { $invoice } : { $reason }
sync-step-unreadable-invoice-id = Facture d'ID { $id } : { $reason }
sync-step-unreadable-invoice-nameless = Facture sans numéro ni ID : { $reason }
sync-step-add-payment = Ajouter le paiement de { $amount } du { $date } (paiement RMA { $payment }) à la facture Harvest { $invoice }
sync-step-change-payment = Modifier le paiement (paiement RMA { $payment }) de la facture Harvest { $invoice } de { $old } à { $amount } du { $date }
sync-step-remove-payment = Retirer le paiement de { $amount } (paiement RMA { $payment }, supprimé dans Run my Accounts) de la facture Harvest { $invoice }
sync-step-acknowledge = Paiement RMA { $payment } : { $reason }
sync-step-ignore = Paiement RMA { $payment } de la facture { $invnumber } ignoré : { $reason }
sync-step-needs-review = La facture { $invoice } est à vérifier : { $reason }
sync-step-stop-booking = Aucune facture n'a été comptabilisée lors de cette exécution : { $reason }
sync-step-stop-payments = Aucun paiement n'a été reporté lors de cette exécution : { $reason }
sync-step-not-mirrored = Paiement RMA { $payment } non reporté : la facture Harvest { $invoice } a été supprimée dans Harvest après la comptabilisation
sync-step-unreadable-payment = Le paiement RMA { $payment } (facture « { $invnumber } ») ne peut pas être attribué : { $why } ; il n'est pas quittancé et reste en attente. Vérifiez-le dans Run my Accounts
sync-step-unreadable-payment-no-id = Un paiement RMA sans ID (facture « { $invnumber } ») ne peut pas être attribué : { $why } ; il n'est pas quittancé et reste en attente. Vérifiez-le dans Run my Accounts
sync-step-foreign-payments = La facture Harvest { $invoice } a { $amount } de paiements saisis à la main dans Harvest ; ils restent tels quels
sync-step-rekey = Le paiement RMA { $old } de { $amount } du { $date } est désormais le paiement RMA { $payment } (la facture débiteur { $invnumber } a été enregistrée à nouveau dans Run my Accounts) ; le paiement de la facture Harvest { $invoice } reste tel quel
sync-step-adopt = La facture Harvest { $invoice } a le paiement de { $amount } du { $date } marqué paiement RMA { $payment }, que le fichier d'état ne connaissait pas ; noté comme reporté, pas ajouté une seconde fois
sync-step-held = Le paiement RMA { $payment } de la facture Harvest { $invoice } n'est pas renvoyé : Harvest l'a refusé le { $since } ({ $refusal }) et ni le paiement ni la facture n'ont changé depuis ; il est renvoyé dès que l'un des deux change

## Pourquoi une facture n'est pas comptabilisée

invoice-state-not-imported = l'état « { $state } » ne figure pas dans sync.import_states ; non comptabilisée
invoice-before-start-date = émise le { $issued }, avant sync.start_date { $start } ; non comptabilisée
invoice-dismissed = réglée à la main (dismiss) ; non comptabilisée
invoice-pending-check = la comptabilisation de la dernière exécution sous { $invnumber } est d'abord vérifiée ; pas comptabilisée une seconde fois
invoice-already-in-rma = déjà dans Run my Accounts sous { $invnumber }
invoice-no-number = la facture n'a pas de numéro dans Harvest
invoice-number-taken = le numéro Run my Accounts { $invnumber } est déjà utilisé pour une autre facture Harvest (ID { $other }) ; vérifiez sync.invoice_number
invoice-number-twice = une autre facture Harvest (ID { $other }) recevrait le même numéro Run my Accounts { $invnumber }
invoice-no-lines = la facture n'a pas de lignes
invoice-line-no-category = la ligne { $line } n'a pas de catégorie (type)
invoice-unknown-category = la ligne { $line } a la catégorie « { $category } », qui n'est pas un article dans Run my Accounts
invoice-client-unreadable = son client (ID { $client }) n'a pas pu être lu dans Harvest
invoice-client-unreadable-why = son client (ID { $client }) n'a pas pu être lu dans Harvest : { $why }
invoice-client-no-name = son client n'a pas de nom dans Harvest
invoice-unreadable = { $what } ; non comptabilisée
invoice-unreadable-in-rma = { $what } ; elle est déjà dans Run my Accounts sous { $invnumber } et y reste telle quelle
client-contact-unreadable = son contact { $contact } n'a pas pu être lu : { $what }
client-contact-unreadable-no-id = un de ses contacts n'a pas pu être lu : { $what }
invoice-collision = Run my Accounts a déjà le numéro { $invnumber } pour { $rma_customer } avec { $rma_total }, la facture Harvest est pour { $client } (client { $customer }) avec { $amount }
invoice-rma-customer = le client { $customer } { $name }
invoice-rma-customer-number = le client { $customer }
invoice-rma-customer-name = { $name }
invoice-rma-customer-unknown = un client inconnu
invoice-rma-no-total = aucun montant

## Clients

customer-field-too-long = { $field } « { $value } » dépasse les { $max } caractères que Run my Accounts admet ; envoyé comme « { $cut } »
customer-field-name = Nom
customer-field-first-name = Prénom
customer-field-last-name = Nom de famille
customer-field-address = Ligne d'adresse
customer-field-address2 = Deuxième ligne d'adresse
customer-field-postcode = NPA
customer-field-city = Localité
customer-field-phone = Téléphone
customer-field-mobile = Mobile
customer-field-fax = Fax
sync-customer-cut = Client { $customer } ({ $client }) : { $note }
sync-customer-created = Client { $customer } ({ $client }) créé dans Run my Accounts
sync-customer-updated = Client { $customer } ({ $client }) mis à jour dans Run my Accounts
sync-customer-not-saved = Le client { $customer } ({ $client }) n'a pas pu être enregistré dans Run my Accounts : { $error }

## Comptabilisation

sync-invoice-booked = Facture { $invoice } ({ $client }, { $amount }) comptabilisée dans Run my Accounts comme facture débiteur { $invnumber }
sync-invoice-linked = La facture { $invoice } ({ $client }) existe déjà dans Run my Accounts sous { $invnumber } ; liée, pas comptabilisée une seconde fois
sync-invoice-customer-failed = La facture { $invoice } ({ $client }) n'a pas été comptabilisée : son client n'a pas pu être enregistré ; la prochaine exécution réessaie
sync-invoice-refused-by-rma = La facture { $invoice } ({ $client }) a été refusée par Run my Accounts : { $error }
sync-invoice-no-answer = Facture { $invoice } ({ $client }) : pas de réponse de Run my Accounts ({ $error }) ; la prochaine exécution vérifie si elle a été comptabilisée et ne la comptabilise jamais deux fois
sync-invoice-deleted-in-harvest = La facture { $invoice } a été supprimée dans Harvest après avoir été comptabilisée dans Run my Accounts sous { $invnumber } ; ses paiements ne sont plus reportés. Annulez-la dans Run my Accounts si elle ne doit pas exister, puis lancez `rma-harvest dismiss { $invoice }`
sync-totals-not-checked = Les montants des factures comptabilisées n'ont pas pu être vérifiés : { $error }
sync-total-not-reported = Facture { $invoice } : comptabilisée, mais Run my Accounts n'a pas indiqué son montant ; il n'a pas été comparé à celui de Harvest
sync-total-rounding = Facture { $invoice } : le montant dans Run my Accounts est { $rma }, dans Harvest { $harvest } (différence { $difference }) ; arrondi, accepté
sync-total-mismatch = Facture { $invoice } : le montant dans Run my Accounts est { $rma }, dans Harvest { $harvest } (différence { $difference }) ; veuillez vérifier la TVA de ses articles dans Run my Accounts
sync-repair-booked = Facture { $invoice } : la dernière exécution n'a pas reçu de réponse, mais Run my Accounts l'a sous { $invnumber } ; notée comme comptabilisée
sync-repair-book-again = Facture { $invoice } : la comptabilisation de la dernière exécution n'est pas arrivée dans Run my Accounts ; elle est comptabilisée à nouveau

## Paiements

payment-invoice-not-ours = cette facture n'a pas été comptabilisée ni liée par rma-harvest
payment-review-no-paid-total = Run my Accounts n'a pas indiqué la facture débiteur { $invnumber } lorsque son montant payé a été demandé ; rien n'a été modifié dans Harvest
payment-review-paid-mismatch = les paiements que Run my Accounts indique font { $total }, mais il affiche { $paid } comme payé ; rien n'a été modifié dans Harvest, veuillez vérifier les paiements dans Run my Accounts
payment-review-more-than-due = Run my Accounts a { $more } de paiements de plus que le montant dû selon Harvest ({ $due }) ; rien n'a été modifié dans Harvest
payment-deleted-not-in-harvest = supprimé dans Run my Accounts et absent de Harvest ; rien à faire
payment-already-in-harvest = déjà tel quel dans Harvest
payment-paid-by-hand = pas ajouté dans Harvest : la facture { $invoice } y est déjà payée (paiements saisis dans Harvest)
payment-stop-all-deleted = Run my Accounts indique les { $count } paiements reportés jusqu'ici comme supprimés ; cela ressemble à une réinitialisation ou à une nouvelle clé API, pas à de vraies suppressions. Vérifiez dans Run my Accounts, puis demandez au support de transférer l'historique des paiements sur la clé
payment-stop-too-many-deletions = { $count } paiements Harvest seraient supprimés ou remplacés, plus que sync.max_payment_deletions = { $max } ; vérifiez Run my Accounts, et relevez la limite pour une exécution si c'est correct
sync-payment-added = Paiement de { $amount } du { $date } (paiement RMA { $payment }) ajouté à la facture Harvest { $invoice }
sync-payment-changed = Modifié dans Harvest : paiement (paiement RMA { $payment }) de la facture Harvest { $invoice } de { $old } à { $amount } du { $date }
sync-payment-removed = Paiement de { $amount } (paiement RMA { $payment }) retiré de la facture Harvest { $invoice } : il a été supprimé dans Run my Accounts
sync-payment-not-mirrored = Paiement RMA { $payment } non reporté : la facture Harvest a été supprimée dans Harvest après la comptabilisation
sync-payment-refused = Harvest a refusé le paiement de { $amount } (paiement RMA { $payment }) sur la facture { $invoice } : { $error } ; il n'est renvoyé que lorsque le paiement ou la facture change
sync-payment-no-answer = Paiement RMA { $payment } sur la facture { $invoice } : pas de réponse de Harvest ({ $error }) ; la prochaine exécution vérifie et ne l'ajoute jamais deux fois
sync-payment-remove-refused = Harvest a refusé de retirer le paiement (paiement RMA { $payment }) de la facture { $invoice } : { $error } ; ce n'est réessayé que lorsque le paiement ou la facture change
sync-payment-remove-no-answer = Paiement RMA { $payment } sur la facture { $invoice } : pas de réponse de Harvest lors du retrait ({ $error }) ; la prochaine exécution vérifie
sync-acknowledge-failed = Run my Accounts n'a pas accepté la quittance { $count ->
        [one] d'un paiement
       *[other] de { $count } paiements
    } ({ $error }) ; ils reviennent à la prochaine exécution et sont reconnus
sync-repair-payment-found = Paiement RMA { $payment } : la dernière exécution n'a pas reçu de réponse, mais Harvest l'a ; noté

## dismiss

dismiss-done = Facture { $invoice } : réglée à la main ({ $count ->
        [one] 1 problème ouvert fermé
       *[other] { $count } problèmes ouverts fermés
    }) ; elle n'est plus refusée ni signalée comme modifiée

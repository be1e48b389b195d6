config-language-unknown = { $key } = "{ $value }" : rma-harvest parle "de" (Deutsch), "fr" (français) et "en" (English) ; indiquez l'une de ces langues

## Lecture du fichier
config-not-found = aucun fichier de configuration trouvé (cherché dans : { $paths }) ; créez-en un d'après examples/config.toml ou indiquez --config
config-unreadable = { $path } : impossible de lire la configuration : { $reason }
config-invalid = { $path } : { $problem }
config-file-missing = le fichier n'existe pas
config-file-is-folder = c'est un dossier, pas un fichier ; --config (ou RMA_HARVEST_CONFIG) doit désigner le fichier de configuration lui-même, par exemple config.toml
config-file-not-permitted = cet utilisateur n'a pas le droit de lire le fichier ; autorisez-le (chmod) ou lancez la commande en tant que propriétaire du fichier
config-toml-syntax-at = TOML non valide à la ligne { $line }, colonne { $column } : { $detail }
config-toml-syntax = TOML non valide : { $detail }
config-at-line = {" "}(ligne { $line }, colonne { $column })
config-unknown-section-near = section inconnue [{ $section }] ; vouliez-vous dire [{ $near }] ?{ $at }
config-unknown-section = section inconnue [{ $section }]{ $at }
config-unknown-key-near = clé inconnue { $key } ; vouliez-vous dire { $near } ?{ $at }
config-unknown-key = clé inconnue { $key } (clés connues : { $known }){ $at }
config-wrong-type = { $key } doit être { $expected }{ $at }
config-key-problem = { $key } : { $detail }{ $at }
config-problem = { $detail }{ $at }
config-expected-number = un nombre entier comme 50, écrit sans guillemets
config-expected-text = un texte entre guillemets, comme "open"
config-expected-boolean = true ou false, écrit sans guillemets
config-expected-list = une liste entre crochets, comme ["open"]
config-expected-text-or-number = un texte ou un nombre entier
config-expected-section = une section comme [sync]

## Valeurs
config-value-wrong = { $key } = "{ $value }" : { $why }
config-key-missing = { $key } manque
config-url-not-url = pas une URL (elle doit commencer par https://)
config-url-no-host = l'URL n'a pas de serveur
config-url-needs-https = doit utiliser https:// (http simple n'est permis que pour les adresses locales comme 127.0.0.1, ::1 et localhost)
config-url-scheme = schéma non pris en charge « { $scheme } » (utilisez https://)
config-why-account-id = doit être l'identifiant numérique du compte Harvest
config-why-tenant = doit être le nom du mandant (lettres, chiffres, - _ .)
config-why-customer-number-long = trop long pour les numéros de client de Run my Accounts (32 caractères au plus)
config-why-country = doit être un code de pays à deux lettres comme "CH"
config-why-date = pas une date comme "2026-01-01"
config-start-date-type = { $key } doit être une date comme "2026-01-01", pas { $found }
config-placeholder-unclosed = contient un '{"{"}' sans '{"}"}'
config-placeholder-unknown = espace réservé inconnu { $placeholder } (permis : { $allowed })
config-placeholder-needed = il faut un espace réservé ({ $allowed }) pour que chaque numéro soit différent
config-count = { $key } doit être un nombre entier, 0 ou plus
config-customers-key = sync.customers : la clé "{ $client }" doit être un identifiant de client Harvest (chiffres)
config-customers-number = { $key } doit être un numéro de client de Run my Accounts (texte, 32 caractères au plus)
config-import-draft = { $key } : "draft" n'est pas permis ; les brouillons ne sont jamais comptabilisés
config-import-sent = { $key } : "{ $state }" est l'affichage de Harvest ; dans la configuration, une facture envoyée et impayée s'appelle "open" (indiquez { $key } = ["open"])
config-import-paid = { $key } : « { $state } » s'écrit "paid", en minuscules (permis : "open", "paid")
config-import-unknown = { $key } : état inconnu « { $state } » (permis : "open" pour les factures envoyées et impayées, et "paid")
config-import-empty = { $key } est vide ; utilisez ["open"]

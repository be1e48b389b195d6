config-language-unknown = { $key } = "{ $value }" : rma-harvest parle "de" (Deutsch), "fr" (français) et "en" (English) ; indiquez l'une de ces langues

config-language-unknown = { $key } = "{ $value }": rma-harvest spricht "de" (Deutsch), "fr" (français) und "en" (English); bitte eine davon eintragen

config-language-unknown = { $key } = "{ $value }": rma-harvest speaks "de" (Deutsch), "fr" (français) and "en" (English); set one of them

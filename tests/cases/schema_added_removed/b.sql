CREATE SCHEMA "ventes_été";

-- pg_dump's way: indexes made ON ONLY the parent, each partition's index attached to them
CREATE TABLE keep (id int);
CREATE TABLE public.ev (id bigint NOT NULL, at date NOT NULL, k text) PARTITION BY RANGE (at);
CREATE TABLE public.ev_default (id bigint NOT NULL, at date NOT NULL, k text);
ALTER TABLE ONLY public.ev ATTACH PARTITION public.ev_default DEFAULT;
ALTER TABLE ONLY public.ev ADD CONSTRAINT ev_pkey PRIMARY KEY (id, at);
ALTER TABLE ONLY public.ev_default ADD CONSTRAINT ev_default_pkey PRIMARY KEY (id, at);
CREATE INDEX ev_k_idx ON ONLY public.ev USING btree (k);
CREATE UNIQUE INDEX ev_k_at_key ON ONLY public.ev USING btree (k, at);
CREATE INDEX ev_at_idx ON ONLY public.ev USING btree (at DESC);
CREATE INDEX ev_default_k_idx ON public.ev_default USING btree (k);
CREATE UNIQUE INDEX ev_default_k_at_key ON public.ev_default USING btree (k, at);
CREATE INDEX ev_default_at_idx ON public.ev_default USING btree (at DESC);
ALTER INDEX public.ev_pkey ATTACH PARTITION public.ev_default_pkey;
ALTER INDEX public.ev_k_idx ATTACH PARTITION public.ev_default_k_idx;
ALTER INDEX public.ev_k_at_key ATTACH PARTITION public.ev_default_k_at_key;
ALTER INDEX public.ev_at_idx ATTACH PARTITION public.ev_default_at_idx;

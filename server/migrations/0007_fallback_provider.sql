-- A second provider per verifier, used only when the first one is unavailable.

-- '' when there is none
alter table verifier add column fallback_provider text not null default '';
-- JSON like settings; secret values are encrypted before they are stored
alter table verifier add column fallback_settings text not null default '{}';

-- +goose Up
-- Wards, police neighbourhoods and local authorities join the register as places, so that
-- partnerships can report by the areas they already use as well as by H3 cells.
ALTER TABLE places DROP CONSTRAINT places_kind_check;
ALTER TABLE places ADD CONSTRAINT places_kind_check
    CHECK (kind IN ('park', 'street', 'shopping_centre', 'transport_hub', 'school_vicinity', 'other', 'ward', 'neighbourhood', 'local_authority'));

-- +goose Down
ALTER TABLE places DROP CONSTRAINT places_kind_check;
ALTER TABLE places ADD CONSTRAINT places_kind_check
    CHECK (kind IN ('park', 'street', 'shopping_centre', 'transport_hub', 'school_vicinity', 'other'));

-- NGOs join the cooperation framework as partner organisations of their own kind, so that
-- a consent to share with partner ministries never covers them.
ALTER TABLE organizations DROP CONSTRAINT organizations_kind_check;
ALTER TABLE organizations ADD CONSTRAINT organizations_kind_check
    CHECK (kind IN ('iom', 'moi_national', 'moi_provincial', 'partner_ministry', 'foreign_state', 'donor', 'ngo'));

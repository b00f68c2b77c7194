-- 006_billing_files: the booking file reads an organisation's billing records in start order.
CREATE INDEX billing_org_start ON billing(org_id, start, id);

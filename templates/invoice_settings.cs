<?cs include:"header.cs" ?>
<section class="narrow">
  <p><a href="<?cs var:Base.export ?>/invoices"><?cs var:Lang.inv.title ?></a></p>
  <h1><?cs var:Lang.inv.settings.title ?></h1>
  <?cs include:"errors.cs" ?>
  <?cs if:Inv.saved ?><p class="notice" role="status"><?cs var:Lang.inv.saved ?></p><?cs /if ?>
  <form method="post" action="<?cs var:Base.export ?>/invoices/settings" class="form">
    <input type="hidden" name="csrf" value="<?cs var:User.csrf ?>">
    <?cs def:field(name, label, size) ?>
    <label for="<?cs var:name ?>"><?cs var:label ?></label>
    <input id="<?cs var:name ?>" name="<?cs var:name ?>" maxlength="<?cs var:size ?>" value="<?cs var:Form[name] ?>"<?cs if:Error[name] ?> aria-invalid="true"<?cs /if ?>>
    <?cs if:Error[name] ?><p class="field-error"><?cs var:Error[name] ?></p><?cs /if ?>
    <?cs /def ?>
    <label for="address"><?cs var:Lang.inv.settings.address ?></label>
    <textarea id="address" name="address" rows="4" maxlength="500"<?cs if:Error.address ?> aria-invalid="true"<?cs /if ?>><?cs var:Form.address ?></textarea>
    <?cs if:Error.address ?><p class="field-error"><?cs var:Error.address ?></p><?cs /if ?>
    <?cs call:field("iban", Lang.inv.settings.iban, 50) ?>
    <label for="vat_mode"><?cs var:Lang.inv.settings.vat_mode ?></label>
    <select id="vat_mode" name="vat_mode"<?cs if:Error.vat_mode ?> aria-invalid="true"<?cs /if ?>>
      <option value="none"<?cs if:Form.vat_mode == "none" ?> selected<?cs /if ?>><?cs var:Lang.inv.settings.vat_none ?></option>
      <option value="net"<?cs if:Form.vat_mode == "net" ?> selected<?cs /if ?>><?cs var:Lang.inv.settings.vat_net ?></option>
      <option value="gross"<?cs if:Form.vat_mode == "gross" ?> selected<?cs /if ?>><?cs var:Lang.inv.settings.vat_gross ?></option>
    </select>
    <?cs if:Error.vat_mode ?><p class="field-error"><?cs var:Error.vat_mode ?></p><?cs /if ?>
    <?cs call:field("vat_rate", Lang.inv.settings.vat_rate, 8) ?>
    <?cs call:field("number_format", Lang.inv.settings.number_format, 39) ?>
    <p class="hint"><?cs var:Lang.inv.settings.number_hint ?></p>
    <?cs call:field("payment_days", Lang.inv.settings.payment_days, 4) ?>
    <h2><?cs var:Lang.inv.settings.accounting ?></h2>
    <?cs call:field("berater", Lang.inv.settings.berater, 8) ?>
    <?cs call:field("mandant", Lang.inv.settings.mandant, 6) ?>
    <?cs call:field("debtor_base", Lang.inv.settings.debtor_base, 10) ?>
    <p class="hint"><?cs var:Lang.inv.settings.debtor_hint ?></p>
    <?cs call:field("account_len", Lang.inv.settings.account_len, 2) ?>
    <?cs call:field("fy_start", Lang.inv.settings.fy_start, 2) ?>
    <div class="actions"><button type="submit" class="primary"><?cs var:Lang.form.save ?></button></div>
  </form>
  <h2><?cs var:Lang.inv.settings.revenue ?></h2>
  <p class="hint"><?cs var:Lang.inv.settings.revenue_hint ?></p>
  <?cs each:t = Inv.accounts ?>
  <form method="post" action="<?cs var:Base.export ?>/invoices/accounts" class="form inline">
    <input type="hidden" name="csrf" value="<?cs var:User.csrf ?>">
    <input type="hidden" name="tariff" value="<?cs var:t.tariff ?>">
    <label for="acct_<?cs name:t ?>"><?cs var:t.tariff ?></label>
    <input id="acct_<?cs name:t ?>" name="account" maxlength="9" value="<?cs var:t.account ?>">
    <button type="submit"><?cs var:Lang.form.save ?></button>
  </form>
  <?cs /each ?>
</section>
<?cs include:"footer.cs" ?>

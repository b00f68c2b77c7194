<?cs include:"header.cs" ?>
<?cs include:"admin_nav.cs" ?>
<section class="admin-accounting">
  <h1><?cs var:Lang.acct.title ?></h1>
  <p class="links"><a href="<?cs var:Base.admin ?>/accounting/invoices?open=1"><?cs var:Lang.acct.x.open_title ?></a> · <a href="<?cs var:Base.admin ?>/accounting/invoices"><?cs var:Lang.acct.x.title ?></a> · <a href="<?cs var:Base.admin ?>/accounting/import"><?cs var:Lang.acct.imp.title ?></a></p>
  <?cs if:Query.saved ?><p class="notice" role="status"><?cs var:Lang.adm.saved ?></p><?cs /if ?>
  <?cs if:?Acct.tested_at ?>
  <p class="notice test-result<?cs if:Acct.test_ok != "1" ?> error<?cs /if ?>" role="status">
    <?cs var:Lang.acct.tested_at ?> <?cs var:Acct.tested_at ?>: <span class="test-message"><?cs var:Acct.test_message ?></span>
  </p>
  <?cs /if ?>
  <?cs include:"errors.cs" ?>
  <p class="hint"><?cs var:Lang.acct.hint ?></p>
  <form method="post" action="<?cs var:Base.admin ?>/accounting" class="form" autocomplete="off">
    <input type="hidden" name="csrf" value="<?cs var:User.csrf ?>">
    <p><input type="checkbox" id="enabled" name="enabled" value="1"<?cs if:Form.enabled == "1" ?> checked<?cs /if ?>>
      <label for="enabled"><?cs var:Lang.acct.enabled ?></label></p>
    <?cs def:field(name, label, type, max, hint) ?>
    <label for="<?cs var:name ?>"><?cs var:label ?></label>
    <input id="<?cs var:name ?>" name="<?cs var:name ?>" type="<?cs var:type ?>" maxlength="<?cs var:max ?>" value="<?cs var:Form[name] ?>"<?cs if:Error[name] ?> aria-invalid="true" aria-describedby="<?cs var:name ?>-error"<?cs /if ?>>
    <?cs if:hint ?><p class="hint"><?cs var:hint ?></p><?cs /if ?>
    <?cs if:Error[name] ?><p class="field-error" id="<?cs var:name ?>-error"><?cs var:Error[name] ?></p><?cs /if ?>
    <?cs /def ?>
    <?cs call:field("url", Lang.acct.url, "url", 255, Lang.acct.url_hint) ?>
    <?cs call:field("dbname", Lang.acct.dbname, "text", 63, "") ?>
    <?cs call:field("login", Lang.acct.login, "text", 63, "") ?>
    <label for="password"><?cs var:Lang.acct.password ?></label>
    <input id="password" name="password" type="password" maxlength="127" value="" autocomplete="new-password"<?cs if:Error.password ?> aria-invalid="true"<?cs /if ?>>
    <p class="hint"><?cs if:Acct.has_password == "1" ?><?cs var:Lang.acct.password_kept ?><?cs else ?><?cs var:Lang.acct.password_none ?><?cs /if ?></p>
    <?cs if:Error.password ?><p class="field-error"><?cs var:Error.password ?></p><?cs /if ?>
    <h2><?cs var:Lang.acct.mapping ?></h2>
    <?cs call:field("receivable", Lang.acct.receivable, "number", 10, "") ?>
    <?cs call:field("revenue", Lang.acct.revenue, "number", 10, "") ?>
    <?cs call:field("journal", Lang.acct.journal, "number", 10, "") ?>
    <?cs call:field("payment_term", Lang.acct.payment_term, "number", 10, Lang.acct.optional) ?>
    <div class="actions"><button type="submit" class="primary"><?cs var:Lang.acct.save ?></button></div>
  </form>
  <form method="post" action="<?cs var:Base.admin ?>/accounting/test" class="form">
    <input type="hidden" name="csrf" value="<?cs var:User.csrf ?>">
    <div class="actions"><button type="submit" class="test"><?cs var:Lang.acct.test ?></button></div>
  </form>
  <h2><?cs var:Lang.acct.rev.title ?></h2>
  <p class="hint"><?cs var:Lang.acct.rev.hint ?></p>
  <?cs if:subcount(Acct.revenues) > 0 ?>
  <table class="list revenues">
    <thead><tr><th><?cs var:Lang.acct.rev.tariff ?></th><th><?cs var:Lang.acct.rev.account ?></th></tr></thead>
    <tbody><?cs each:t = Acct.revenues ?><tr><td><?cs var:t.tariff ?></td><td class="rev-account"><?cs if:t.account ?><?cs var:t.account ?><?cs else ?><?cs var:Lang.acct.x.default_account ?><?cs /if ?></td></tr><?cs /each ?></tbody>
  </table>
  <?cs /if ?>
  <form method="post" action="<?cs var:Base.admin ?>/accounting/revenue" class="form">
    <input type="hidden" name="csrf" value="<?cs var:User.csrf ?>">
    <label for="rev-tariff"><?cs var:Lang.acct.rev.tariff ?></label>
    <input id="rev-tariff" name="tariff" maxlength="127" required>
    <label for="rev-account"><?cs var:Lang.acct.rev.account ?></label>
    <input id="rev-account" name="account" type="number" maxlength="10">
    <div class="actions"><button type="submit"><?cs var:Lang.acct.save ?></button></div>
  </form>
</section>
<?cs include:"footer.cs" ?>

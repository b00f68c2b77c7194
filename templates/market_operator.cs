<?cs include:"header.cs" ?>
<?cs include:"market_nav.cs" ?>
<section class="narrow">
  <h1><?cs var:Lang.mkt.op.title ?></h1>
  <?cs if:Query.saved ?><p class="notice" role="status"><?cs var:Lang.mkt.offer.saved ?></p><?cs /if ?>
  <?cs if:Query.removed ?><p class="notice" role="status"><?cs var:Lang.mkt.op.removed ?></p><?cs /if ?>
  <?cs include:"errors.cs" ?>
  <table class="list minimarkets">
    <thead><tr><th><?cs var:Lang.mkt.op.name ?></th><th><?cs var:Lang.mkt.op.orgs ?></th></tr></thead>
    <tbody><?cs each:m = Markets ?><tr data-market="<?cs var:m.id ?>"><td><?cs var:m.name ?></td><td><ul class="members"><?cs each:o = m.members ?>
      <li data-org="<?cs var:o.id ?>"><?cs var:o.name ?>
        <form method="post" action="<?cs var:Base.market ?>/operator/minimarkets/<?cs var:m.id ?>/remove" class="inline"><input type="hidden" name="csrf" value="<?cs var:User.csrf ?>"><input type="hidden" name="org" value="<?cs var:o.id ?>"><button type="submit" class="danger" aria-label="<?cs var:Lang.mkt.op.remove ?>: <?cs var:o.name ?> (<?cs var:m.name ?>)"><?cs var:Lang.mkt.op.remove ?></button></form></li><?cs /each ?></ul></td></tr><?cs /each ?></tbody>
  </table>
  <p class="hint"><?cs var:Lang.mkt.op.remove_hint ?></p>
  <h2><?cs var:Lang.mkt.op.new ?></h2>
  <form method="post" action="<?cs var:Base.market ?>/operator/minimarkets" class="form">
    <input type="hidden" name="csrf" value="<?cs var:User.csrf ?>">
    <label for="name"><?cs var:Lang.mkt.op.name ?></label>
    <input id="name" name="name" maxlength="100" value="<?cs var:Form.name ?>"<?cs if:Error.name ?> aria-invalid="true"<?cs /if ?>>
    <?cs if:Error.name ?><p class="field-error"><?cs var:Error.name ?></p><?cs /if ?>
    <div class="actions"><button type="submit" class="primary"><?cs var:Lang.form.save ?></button></div>
  </form>
  <h2><?cs var:Lang.mkt.op.add ?></h2>
  <form method="post" action="<?cs var:Base.market ?>/operator/minimarkets" class="form">
    <input type="hidden" name="csrf" value="<?cs var:User.csrf ?>">
    <label for="market"><?cs var:Lang.mkt.op.name ?></label>
    <select id="market" name="market"><option value=""><?cs var:Lang.form.choose ?></option><?cs each:m = Markets ?><option value="<?cs var:m.id ?>"><?cs var:m.name ?></option><?cs /each ?></select>
    <?cs if:Error.market ?><p class="field-error"><?cs var:Error.market ?></p><?cs /if ?>
    <label for="org"><?cs var:Lang.mkt.col.org ?></label>
    <select id="org" name="org"><option value=""><?cs var:Lang.form.choose ?></option><?cs each:o = AllOrgs ?><option value="<?cs var:o.id ?>"><?cs var:o.name ?></option><?cs /each ?></select>
    <?cs if:Error.org ?><p class="field-error"><?cs var:Error.org ?></p><?cs /if ?>
    <div class="actions"><button type="submit" class="primary"><?cs var:Lang.form.save ?></button></div>
  </form>
</section>
<?cs include:"footer.cs" ?>

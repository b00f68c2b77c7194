<?cs include:"header.cs" ?>
<?cs include:"admin_nav.cs" ?>
<section class="admin-tariffs">
  <h1><?cs var:Lang.adm.tariffs.title ?></h1>
  <?cs if:Query.saved ?><p class="notice" role="status"><?cs var:Lang.adm.saved ?></p><?cs /if ?>
  <?cs if:Query.deleted ?><p class="notice" role="status"><?cs var:Lang.adm.tariffs.deleted ?></p><?cs /if ?>
  <?cs include:"errors.cs" ?>
  <div class="split">
  <div>
  <?cs if:subcount(Tariffs) > 0 ?>
  <table class="list tariffs">
    <thead><tr><th><?cs var:Lang.adm.tariffs.name ?></th><th><?cs var:Lang.adm.tariffs.per_hour ?></th><th><?cs var:Lang.adm.tariffs.max_24h ?></th><th><?cs var:Lang.adm.tariffs.per_km ?></th><th><?cs var:Lang.adm.areas.vehicles ?></th></tr></thead>
    <tbody>
    <?cs each:t = Tariffs ?>
    <tr<?cs if:t.id == Tariff.id ?> class="sel"<?cs /if ?>><td><a href="<?cs var:Base.admin ?>/tariffs/<?cs var:t.id ?>"><?cs var:t.name ?></a></td><td class="num"><?cs var:t.per_hour ?></td><td class="num"><?cs if:?t.max_24h ?><?cs var:t.max_24h ?><?cs else ?>–<?cs /if ?></td><td class="num"><?cs var:t.per_km ?></td><td class="num"><?cs var:t.vehicles ?></td></tr>
    <?cs /each ?>
    </tbody>
  </table>
  <?cs else ?><p><?cs var:Lang.adm.tariffs.none ?></p><?cs /if ?>
  <p class="hint"><?cs var:Lang.adm.tariffs.hint ?></p>
  </div>
  <div class="panel">
  <?cs if:Tariff.id ?>
    <h2><?cs var:Lang.adm.tariffs.edit ?>: <?cs var:Tariff.name ?></h2>
    <?cs if:Tariff.released_msg ?><p class="notice locked"><?cs var:Tariff.released_msg ?></p><?cs /if ?>
    <form method="post" action="<?cs var:Base.admin ?>/tariffs/<?cs var:Tariff.id ?>" class="form">
  <?cs else ?>
    <h2><?cs var:Lang.adm.tariffs.new ?></h2>
    <form method="post" action="<?cs var:Base.admin ?>/tariffs/new" class="form">
  <?cs /if ?>
      <input type="hidden" name="csrf" value="<?cs var:User.csrf ?>">
      <label for="name"><?cs var:Lang.adm.tariffs.name ?></label>
      <input id="name" name="name" maxlength="100" value="<?cs var:Form.name ?>" required<?cs if:Error.name ?> aria-invalid="true"<?cs /if ?>>
      <?cs if:Error.name ?><p class="field-error"><?cs var:Error.name ?></p><?cs /if ?>
      <label for="per_hour"><?cs var:Lang.adm.tariffs.per_hour ?> (€)</label>
      <input id="per_hour" name="per_hour" inputmode="decimal" maxlength="20" value="<?cs var:Form.per_hour ?>" required<?cs if:Error.per_hour ?> aria-invalid="true"<?cs /if ?>>
      <?cs if:Error.per_hour ?><p class="field-error"><?cs var:Error.per_hour ?></p><?cs /if ?>
      <label for="max_24h"><?cs var:Lang.adm.tariffs.max_24h ?> (€)</label>
      <input id="max_24h" name="max_24h" inputmode="decimal" maxlength="20" value="<?cs var:Form.max_24h ?>"<?cs if:Error.max_24h ?> aria-invalid="true"<?cs /if ?>>
      <p class="hint"><?cs var:Lang.adm.tariffs.max_24h_hint ?></p>
      <?cs if:Error.max_24h ?><p class="field-error"><?cs var:Error.max_24h ?></p><?cs /if ?>
      <label for="per_km"><?cs var:Lang.adm.tariffs.per_km ?> (€)</label>
      <input id="per_km" name="per_km" inputmode="decimal" maxlength="20" value="<?cs var:Form.per_km ?>"<?cs if:Error.per_km ?> aria-invalid="true"<?cs /if ?>>
      <p class="hint"><?cs var:Lang.adm.tariffs.amount_hint ?></p>
      <?cs if:Error.per_km ?><p class="field-error"><?cs var:Error.per_km ?></p><?cs /if ?>
      <div class="actions"><button type="submit" class="primary"><?cs var:Lang.form.save ?></button></div>
    </form>
  <?cs if:Tariff.id ?>
    <form method="post" action="<?cs var:Base.admin ?>/tariffs/<?cs var:Tariff.id ?>/delete" class="inline">
      <input type="hidden" name="csrf" value="<?cs var:User.csrf ?>">
      <button type="submit" class="danger" data-confirm="<?cs var:Lang.adm.tariffs.confirm_delete ?>"><?cs var:Lang.adm.delete ?></button>
    </form>
    <?cs if:Error.delete ?><p class="field-error"><?cs var:Error.delete ?></p><?cs /if ?>
    <p><a href="<?cs var:Base.admin ?>/tariffs"><?cs var:Lang.adm.tariffs.new ?></a></p>
  <?cs /if ?>
  </div>
  </div>
</section>
<?cs include:"footer.cs" ?>

<?cs include:"header.cs" ?>
<?cs include:"admin_nav.cs" ?>
<section class="narrow">
  <h1><?cs if:VForm.id > 0 ?><?cs var:Lang.adm.vehicles.edit ?><?cs else ?><?cs var:Lang.adm.vehicles.new ?><?cs /if ?></h1>
  <?cs if:Query.saved ?><p class="notice" role="status"><?cs var:Lang.adm.saved ?></p><?cs /if ?>
  <?cs include:"errors.cs" ?>
  <form method="post" action="<?cs var:Base.admin ?>/vehicles/<?cs if:VForm.id > 0 ?><?cs var:VForm.id ?><?cs else ?>new<?cs /if ?>" class="form">
    <input type="hidden" name="csrf" value="<?cs var:User.csrf ?>">
    <label for="name"><?cs var:Lang.adm.vehicles.name ?></label>
    <input id="name" name="name" maxlength="60" value="<?cs var:Form.name ?>" required<?cs if:Error.name ?> aria-invalid="true"<?cs /if ?>>
    <?cs if:Error.name ?><p class="field-error"><?cs var:Error.name ?></p><?cs /if ?>
    <label for="descr"><?cs var:Lang.adm.vehicles.descr ?></label>
    <input id="descr" name="descr" value="<?cs var:Form.descr ?>"<?cs if:Error.descr ?> aria-invalid="true"<?cs /if ?>>
    <p class="hint"><?cs var:Lang.adm.vehicles.descr_hint ?></p>
    <?cs if:Error.descr ?><p class="field-error"><?cs var:Error.descr ?></p><?cs /if ?>
    <label for="area"><?cs var:Lang.adm.vehicles.area ?></label>
    <select id="area" name="area" required<?cs if:Error.area ?> aria-invalid="true"<?cs /if ?>>
      <option value=""><?cs var:Lang.form.choose ?></option>
      <?cs each:a = Areas ?><option value="<?cs var:a.id ?>"<?cs if:a.id == Form.area ?> selected<?cs /if ?>><?cs var:a.name ?><?cs if:a.hidden == 1 ?> (<?cs var:Lang.cal.hidden ?>)<?cs /if ?></option><?cs /each ?>
    </select>
    <?cs if:Error.area ?><p class="field-error"><?cs var:Error.area ?></p><?cs /if ?>
    <label for="tariff"><?cs var:Lang.adm.vehicles.tariff ?></label>
    <select id="tariff" name="tariff"<?cs if:Error.tariff ?> aria-invalid="true"<?cs /if ?>>
      <option value=""><?cs var:Lang.adm.vehicles.no_tariff ?></option>
      <?cs each:t = Tariffs ?><option value="<?cs var:t.id ?>"<?cs if:t.id == Form.tariff ?> selected<?cs /if ?>><?cs var:t.name ?> (<?cs var:t.per_hour ?>/h)</option><?cs /each ?>
    </select>
    <?cs if:subcount(Tariffs) == 0 ?><p class="hint"><a href="<?cs var:Base.admin ?>/tariffs"><?cs var:Lang.adm.tariffs.new ?></a></p><?cs /if ?>
    <?cs if:Error.tariff ?><p class="field-error"><?cs var:Error.tariff ?></p><?cs /if ?>
    <label for="sort"><?cs var:Lang.adm.sort ?></label>
    <input id="sort" name="sort" type="number" min="0" max="9999" value="<?cs var:Form.sort ?>"<?cs if:Error.sort ?> aria-invalid="true"<?cs /if ?>>
    <?cs if:Error.sort ?><p class="field-error"><?cs var:Error.sort ?></p><?cs /if ?>
    <div class="actions">
      <button type="submit" class="primary"><?cs var:Lang.form.save ?></button>
      <a class="btn" href="<?cs var:Base.admin ?>/vehicles"><?cs var:Lang.form.cancel ?></a>
      <?cs if:VForm.id > 0 ?><a class="btn danger" href="<?cs var:Base.admin ?>/vehicles/<?cs var:VForm.id ?>/delete"><?cs var:Lang.adm.delete ?></a><?cs /if ?>
    </div>
  </form>
</section>
<?cs include:"footer.cs" ?>

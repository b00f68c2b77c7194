<?cs include:"header.cs" ?>
<?cs include:"admin_nav.cs" ?>
<section class="admin-areas">
  <h1><?cs var:Lang.adm.areas.title ?></h1>
  <?cs if:Query.saved ?><p class="notice" role="status"><?cs var:Lang.adm.saved ?></p><?cs /if ?>
  <?cs if:Query.deleted ?><p class="notice" role="status"><?cs var:Lang.adm.areas.deleted ?></p><?cs /if ?>
  <?cs include:"errors.cs" ?>
  <div class="split">
  <table class="list areas">
    <thead><tr><th><?cs var:Lang.adm.areas.name ?></th><th><?cs var:Lang.adm.sort ?></th><th><?cs var:Lang.adm.areas.vehicles ?></th></tr></thead>
    <tbody>
    <?cs each:a = Areas ?>
    <tr<?cs if:a.id == Area.id ?> class="sel"<?cs /if ?>><td><a href="<?cs var:Base.admin ?>/areas/<?cs var:a.id ?>"><?cs var:a.name ?></a><?cs if:a.hidden == 1 ?> <small>(<?cs var:Lang.cal.hidden ?>)</small><?cs /if ?></td><td><?cs var:a.sort ?></td><td><?cs var:a.vehicles ?></td></tr>
    <?cs /each ?>
    </tbody>
  </table>
  <div class="panel">
  <?cs if:Area.id ?>
    <h2><?cs var:Area.name ?><?cs if:Area.hidden == 1 ?> <small>(<?cs var:Lang.cal.hidden ?>)</small><?cs /if ?></h2>
    <h3><?cs var:Lang.adm.areas.vehicles ?></h3>
    <?cs if:subcount(Area.vehicles) > 0 ?>
    <ul class="vehicles"><?cs each:v = Area.vehicles ?><li><a href="<?cs var:Base.admin ?>/vehicles/<?cs var:v.id ?>" title="<?cs var:v.descr ?>"><?cs var:v.name ?></a><?cs if:v.descr ?> <span class="hint">(<?cs var:v.descr ?>)</span><?cs /if ?></li><?cs /each ?></ul>
    <?cs else ?><p><?cs var:Lang.adm.areas.no_vehicles ?></p><?cs /if ?>
    <p><a class="btn" href="<?cs var:Base.admin ?>/vehicles/new?area=<?cs var:Area.id ?>"><?cs var:Lang.adm.vehicles.new ?></a></p>
    <h3><?cs var:Lang.adm.areas.edit ?></h3>
    <form method="post" action="<?cs var:Base.admin ?>/areas/<?cs var:Area.id ?>" class="form">
  <?cs else ?>
    <h2><?cs var:Lang.adm.areas.new ?></h2>
    <form method="post" action="<?cs var:Base.admin ?>/areas/new" class="form">
  <?cs /if ?>
      <input type="hidden" name="csrf" value="<?cs var:User.csrf ?>">
      <label for="name"><?cs var:Lang.adm.areas.name ?></label>
      <input id="name" name="name" maxlength="100" value="<?cs var:Form.name ?>" required<?cs if:Error.name ?> aria-invalid="true"<?cs /if ?>>
      <?cs if:Error.name ?><p class="field-error"><?cs var:Error.name ?></p><?cs /if ?>
      <label for="sort"><?cs var:Lang.adm.sort ?></label>
      <input id="sort" name="sort" type="number" min="0" max="9999" value="<?cs var:Form.sort ?>"<?cs if:Error.sort ?> aria-invalid="true"<?cs /if ?>>
      <p class="hint"><?cs var:Lang.adm.areas.sort_hint ?></p>
      <?cs if:Error.sort ?><p class="field-error"><?cs var:Error.sort ?></p><?cs /if ?>
      <div class="actions"><button type="submit" class="primary"><?cs var:Lang.form.save ?></button></div>
    </form>
  <?cs if:Area.id ?>
    <form method="post" action="<?cs var:Base.admin ?>/areas/<?cs var:Area.id ?>/delete" class="inline">
      <input type="hidden" name="csrf" value="<?cs var:User.csrf ?>">
      <button type="submit" class="danger" data-confirm="<?cs var:Lang.adm.areas.confirm_delete ?>"><?cs var:Lang.adm.delete ?></button>
    </form>
    <?cs if:Error.delete ?><p class="field-error"><?cs var:Error.delete ?></p><?cs /if ?>
    <p><a href="<?cs var:Base.admin ?>/areas"><?cs var:Lang.adm.areas.new ?></a></p>
  <?cs /if ?>
  </div>
  </div>
</section>
<?cs include:"footer.cs" ?>

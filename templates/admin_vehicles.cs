<?cs include:"header.cs" ?>
<?cs include:"admin_nav.cs" ?>
<section>
  <h1><?cs var:Lang.adm.vehicles.title ?></h1>
  <?cs if:Query.imported ?><p class="notice" role="status"><?cs var:Lang.adm.members.imported ?></p><?cs /if ?>
  <?cs if:Query.deleted ?><p class="notice" role="status"><?cs var:Lang.adm.vehicles.deleted ?></p><?cs /if ?>
  <p><a class="btn primary" href="<?cs var:Base.admin ?>/vehicles/new"><?cs var:Lang.adm.vehicles.new ?></a></p>
  <table class="list">
    <thead><tr><th><?cs var:Lang.adm.vehicles.area ?></th><th><?cs var:Lang.adm.vehicles.name ?></th><th><?cs var:Lang.adm.vehicles.descr ?></th><th><?cs var:Lang.adm.vehicles.tariff ?></th><th><?cs var:Lang.adm.sort ?></th></tr></thead>
    <tbody>
    <?cs each:v = Vehicles ?>
    <tr><td><a href="<?cs var:Base.admin ?>/areas/<?cs var:v.area_id ?>"><?cs var:v.area ?></a><?cs if:v.hidden == 1 ?> <small>(<?cs var:Lang.cal.hidden ?>)</small><?cs /if ?></td><td><a href="<?cs var:Base.admin ?>/vehicles/<?cs var:v.id ?>" title="<?cs var:v.descr ?>"><?cs var:v.name ?></a></td><td><?cs var:v.descr ?></td><td><?cs if:v.tariff ?><?cs var:v.tariff ?><?cs else ?>–<?cs /if ?></td><td><?cs var:v.sort ?></td></tr>
    <?cs /each ?>
    </tbody>
  </table>
  <?cs if:subcount(Vehicles) == 0 ?><p><?cs var:Lang.adm.vehicles.none ?></p><?cs /if ?>
</section>
<?cs include:"footer.cs" ?>

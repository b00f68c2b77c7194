<?cs include:"header.cs" ?>
<?cs include:"admin_nav.cs" ?>
<section class="narrow">
  <h1><?cs var:Lang.adm.vehicles.delete ?>: <?cs var:Del.name ?></h1>
  <?cs include:"errors.cs" ?>
  <p class="counts"><span class="total"><?cs var:Del.total_msg ?></span> <span class="period"><?cs var:Del.period_msg ?></span> (<?cs var:Del.period_span ?>)</p>
  <?cs if:Del.billed > 0 ?><p class="billed"><?cs var:Del.billed_msg ?></p><?cs /if ?>
  <p class="notice"><?cs var:Lang.adm.vehicles.del_alternative ?></p>
  <?cs if:Del.billed == 0 ?>
  <form method="post" action="<?cs var:Base.admin ?>/vehicles/<?cs var:Del.id ?>/delete" class="actions">
    <input type="hidden" name="csrf" value="<?cs var:User.csrf ?>">
    <button type="submit" class="danger"><?cs var:Lang.adm.vehicles.del_confirm ?></button>
    <a class="btn" href="<?cs var:Base.admin ?>/vehicles/<?cs var:Del.id ?>"><?cs var:Lang.form.cancel ?></a>
  </form>
  <?cs else ?>
  <p><a class="btn" href="<?cs var:Base.admin ?>/vehicles/<?cs var:Del.id ?>"><?cs var:Lang.adm.vehicles.back ?></a></p>
  <?cs /if ?>
</section>
<?cs include:"footer.cs" ?>

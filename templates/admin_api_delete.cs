<?cs include:"header.cs" ?>
<?cs include:"admin_nav.cs" ?>
<section class="narrow">
  <h1><?cs var:Lang.adm.api.delete ?>: <?cs var:Del.name ?></h1>
  <p class="last-call"><?cs var:Lang.adm.api.last_call ?>: <?cs if:?Del.last_call ?><?cs var:Del.last_call ?><?cs else ?><?cs var:Lang.adm.api.never ?><?cs /if ?></p>
  <p class="notice"><?cs var:Lang.adm.api.del_warning ?></p>
  <form method="post" action="<?cs var:Base.admin ?>/api/<?cs var:Del.id ?>/delete" class="actions">
    <input type="hidden" name="csrf" value="<?cs var:User.csrf ?>">
    <button type="submit" class="danger"><?cs var:Lang.adm.api.del_confirm ?></button>
    <a class="btn" href="<?cs var:Base.admin ?>/api"><?cs var:Lang.form.cancel ?></a>
  </form>
</section>
<?cs include:"footer.cs" ?>

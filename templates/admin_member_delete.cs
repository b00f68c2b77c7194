<?cs include:"header.cs" ?>
<?cs include:"admin_nav.cs" ?>
<section class="narrow">
  <h1><?cs var:Lang.adm.members.delete ?>: <?cs var:Del.login ?></h1>
  <?cs include:"errors.cs" ?>
  <p class="counts"><span class="own"><?cs var:Del.own_msg ?></span></p>
  <?cs if:Del.others > 0 ?><p class="others"><?cs var:Del.others_msg ?></p><?cs /if ?>
  <?cs if:Del.billed > 0 ?><p class="billed"><?cs var:Del.billed_msg ?></p><?cs /if ?>
  <p class="notice"><?cs var:Lang.adm.members.del_alternative ?></p>
  <?cs if:Del.self != 1 && Del.others == 0 && Del.billed == 0 ?>
  <form method="post" action="<?cs var:Base.admin ?>/members/<?cs var:Del.id ?>/delete" class="actions">
    <input type="hidden" name="csrf" value="<?cs var:User.csrf ?>">
    <button type="submit" class="danger"><?cs var:Lang.adm.members.del_confirm ?></button>
    <a class="btn" href="<?cs var:Base.admin ?>/members/<?cs var:Del.id ?>"><?cs var:Lang.form.cancel ?></a>
  </form>
  <?cs else ?>
  <p><a class="btn" href="<?cs var:Base.admin ?>/members/<?cs var:Del.id ?>"><?cs var:Lang.adm.members.back ?></a></p>
  <?cs /if ?>
</section>
<?cs include:"footer.cs" ?>

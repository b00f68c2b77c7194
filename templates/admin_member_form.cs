<?cs include:"header.cs" ?>
<?cs include:"admin_nav.cs" ?>
<section class="narrow">
  <h1><?cs var:Lang.adm.members.details ?> <span class="login"><?cs var:Member.login ?></span></h1>
  <?cs if:Query.created ?><p class="notice" role="status"><?cs var:Lang.adm.members.created ?></p><?cs /if ?>
  <?cs if:Query.saved ?><p class="notice" role="status"><?cs var:Lang.adm.saved ?></p><?cs /if ?>
  <?cs include:"errors.cs" ?>
  <form method="post" action="<?cs var:Base.admin ?>/members/<?cs var:Member.id ?>" class="form" autocomplete="off">
    <input type="hidden" name="csrf" value="<?cs var:User.csrf ?>">
    <label for="descr"><?cs var:Lang.adm.members.descr ?></label>
    <input id="descr" name="descr" maxlength="255" value="<?cs var:Form.descr ?>"<?cs if:Error.descr ?> aria-invalid="true"<?cs /if ?>>
    <?cs if:Error.descr ?><p class="field-error"><?cs var:Error.descr ?></p><?cs /if ?>
    <label for="member_no"><?cs var:Lang.adm.members.member_no ?></label>
    <input id="member_no" name="member_no" maxlength="40" value="<?cs var:Form.member_no ?>"<?cs if:Error.member_no ?> aria-invalid="true"<?cs /if ?>>
    <?cs if:Error.member_no ?><p class="field-error"><?cs var:Error.member_no ?></p><?cs /if ?>
    <label for="password"><?cs var:Lang.adm.members.password ?></label>
    <input id="password" name="password" type="password" autocomplete="new-password"<?cs if:Error.password ?> aria-invalid="true"<?cs /if ?>>
    <p class="hint"><?cs if:Member.has_password == 1 ?><?cs var:Lang.adm.members.password_keep ?><?cs else ?><?cs var:Lang.adm.members.password_none ?><?cs /if ?></p>
    <?cs if:Error.password ?><p class="field-error"><?cs var:Error.password ?></p><?cs /if ?>
    <label class="check"><input type="checkbox" name="is_admin" value="1"<?cs if:Form.is_admin == 1 ?> checked<?cs /if ?>> <?cs var:Lang.adm.members.is_admin ?></label>
    <?cs if:Error.is_admin ?><p class="field-error"><?cs var:Error.is_admin ?></p><?cs /if ?>
    <label class="check"><input type="checkbox" name="locked" value="1"<?cs if:Form.locked == 1 ?> checked<?cs /if ?>> <?cs var:Lang.adm.members.locked ?></label>
    <p class="hint"><?cs var:Lang.adm.members.locked_hint ?></p>
    <?cs if:Error.locked ?><p class="field-error"><?cs var:Error.locked ?></p><?cs /if ?>
    <div class="actions">
      <button type="submit" class="primary"><?cs var:Lang.form.save ?></button>
      <a class="btn" href="<?cs var:Base.admin ?>/members"><?cs var:Lang.form.cancel ?></a>
      <a class="btn" href="<?cs var:Base.admin ?>/members/<?cs var:Member.id ?>/address"><?cs var:Lang.inv.address.title ?></a>
      <?cs if:Member.self != 1 ?><a class="btn danger" href="<?cs var:Base.admin ?>/members/<?cs var:Member.id ?>/delete"><?cs var:Lang.adm.delete ?></a><?cs /if ?>
    </div>
  </form>
  <p class="member-mail"><a href="<?cs var:Base.admin ?>/members/<?cs var:Member.id ?>/mail"><?cs var:Lang.mail.member_link ?></a></p>
</section>
<?cs include:"footer.cs" ?>

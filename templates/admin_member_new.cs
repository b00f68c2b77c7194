<?cs include:"header.cs" ?>
<?cs include:"admin_nav.cs" ?>
<section class="narrow">
  <h1><?cs var:Lang.adm.members.new ?></h1>
  <?cs include:"errors.cs" ?>
  <form method="post" action="<?cs var:Base.admin ?>/members/new" class="form">
    <input type="hidden" name="csrf" value="<?cs var:User.csrf ?>">
    <label for="login"><?cs var:Lang.adm.members.login ?></label>
    <input id="login" name="login" maxlength="100" autocapitalize="characters" value="<?cs var:Form.login ?>" required<?cs if:Error.login ?> aria-invalid="true"<?cs /if ?>>
    <p class="hint"><?cs var:Lang.adm.members.login_hint ?></p>
    <?cs if:Error.login ?><p class="field-error"><?cs var:Error.login ?></p><?cs /if ?>
    <?cs if:Suggest.login ?><p class="suggest"><?cs var:Lang.adm.members.suggest ?> <strong class="suggestion"><?cs var:Suggest.login ?></strong></p><?cs /if ?>
    <div class="actions">
      <button type="submit" class="primary"><?cs var:Lang.adm.members.next ?></button>
      <a class="btn" href="<?cs var:Base.admin ?>/members"><?cs var:Lang.form.cancel ?></a>
    </div>
  </form>
  <?cs if:Suggest.login ?>
  <form method="post" action="<?cs var:Base.admin ?>/members/new" class="actions">
    <input type="hidden" name="csrf" value="<?cs var:User.csrf ?>">
    <input type="hidden" name="login" value="<?cs var:Suggest.login ?>">
    <button type="submit"><?cs var:Lang.adm.members.use_suggestion ?> <?cs var:Suggest.login ?></button>
  </form>
  <?cs /if ?>
</section>
<?cs include:"footer.cs" ?>

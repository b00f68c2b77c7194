<?cs include:"header.cs" ?>
<section class="login-box">
  <h1><?cs var:Lang.reset.new_title ?></h1>
  <?cs if:Reset.invalid ?>
  <p class="notice reset-invalid" role="alert"><?cs var:Lang.reset.invalid ?></p>
  <p><a href="<?cs var:Base.login ?>/reset"><?cs var:Lang.reset.again ?></a></p>
  <?cs else ?>
  <p><?cs var:Lang.reset.for ?> <strong class="login"><?cs var:Reset.login ?></strong></p>
  <?cs include:"errors.cs" ?>
  <form method="post" action="<?cs var:Base.login ?>/reset/new" class="form">
    <input type="hidden" name="csrf" value="<?cs var:Login.csrf ?>">
    <input type="hidden" name="token" value="<?cs var:Reset.token ?>">
    <label for="new"><?cs var:Lang.password.new ?></label>
    <input id="new" name="new" type="password" autocomplete="new-password" minlength="8" required>
    <label for="new2"><?cs var:Lang.password.new2 ?></label>
    <input id="new2" name="new2" type="password" autocomplete="new-password" minlength="8" required>
    <button type="submit" class="primary"><?cs var:Lang.reset.set ?></button>
  </form>
  <?cs /if ?>
</section>
<?cs include:"footer.cs" ?>

<?cs include:"header.cs" ?>
<section class="narrow">
  <h1><?cs var:Lang.password.title ?></h1>
  <?cs if:Password.done ?><p class="notice" role="status"><?cs var:Password.done ?></p><?cs /if ?>
  <?cs include:"errors.cs" ?>
  <form method="post" action="<?cs var:Base.login ?>/password" class="form">
    <input type="hidden" name="csrf" value="<?cs var:User.csrf ?>">
    <label for="old"><?cs var:Lang.password.old ?></label>
    <input id="old" name="old" type="password" autocomplete="current-password" required>
    <label for="new"><?cs var:Lang.password.new ?></label>
    <input id="new" name="new" type="password" autocomplete="new-password" minlength="8" required>
    <label for="new2"><?cs var:Lang.password.new2 ?></label>
    <input id="new2" name="new2" type="password" autocomplete="new-password" minlength="8" required>
    <button type="submit" class="primary"><?cs var:Lang.password.submit ?></button>
  </form>
</section>
<?cs include:"footer.cs" ?>

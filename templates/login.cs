<?cs include:"header.cs" ?>
<section class="login-box">
  <h1><?cs var:Lang.login.title ?></h1>
  <?cs if:Query.setup ?><p class="notice" role="status"><?cs var:Lang.setup.done ?></p><?cs /if ?>
  <?cs if:Login.orgcount == 0 ?><p class="notice"><a href="<?cs var:Base.login ?>/setup"><?cs var:Lang.setup.link ?></a></p><?cs /if ?>
  <?cs if:Login.notice ?><p class="notice"><?cs var:Login.notice ?></p><?cs /if ?>
  <?cs include:"errors.cs" ?>
  <form method="post" action="<?cs var:Base.login ?>" class="form">
    <input type="hidden" name="csrf" value="<?cs var:Login.csrf ?>">
    <?cs if:Login.orgcount > 1 ?>
    <label for="org"><?cs var:Lang.login.org ?></label>
    <select id="org" name="org" required>
      <option value=""><?cs var:Lang.form.choose ?></option>
      <?cs each:o = Orgs ?><option value="<?cs var:o.id ?>"<?cs if:o.id == Form.org ?> selected<?cs /if ?>><?cs var:o.name ?></option><?cs /each ?>
    </select>
    <?cs /if ?>
    <label for="login"><?cs var:Lang.login.login ?></label>
    <input id="login" name="login" value="<?cs var:Form.login ?>" autocomplete="username" autocapitalize="characters" required<?cs if:Error.login ?> aria-invalid="true"<?cs /if ?>>
    <label for="password"><?cs var:Lang.login.password ?></label>
    <input id="password" name="password" type="password" autocomplete="current-password" required>
    <label class="check"><input type="checkbox" name="remember" value="1"<?cs if:Form.remember ?> checked<?cs /if ?>> <?cs var:Lang.login.remember ?></label>
    <button type="submit" class="primary"><?cs var:Lang.login.submit ?></button>
  </form>
  <p class="login-links"><a href="<?cs var:Base.login ?>/reset"><?cs var:Lang.reset.link ?></a> · <a href="<?cs var:Base.login ?>/request"><?cs var:Lang.request.link ?></a></p>
</section>
<?cs include:"footer.cs" ?>

<?cs include:"header.cs" ?>
<section class="narrow">
  <h1><?cs var:Lang.setup.title ?></h1>
  <p><?cs var:Lang.setup.intro ?></p>
  <p><?cs var:Lang.setup.token_where ?> <code><?cs var:Setup.tokenfile ?></code></p>
  <?cs include:"errors.cs" ?>
  <form method="post" action="<?cs var:Base.login ?>/setup" class="form">
    <input type="hidden" name="csrf" value="<?cs var:Setup.csrf ?>">
    <label for="token"><?cs var:Lang.setup.token ?></label>
    <input id="token" name="token" autocomplete="off" spellcheck="false" required<?cs if:Error.token ?> aria-invalid="true"<?cs /if ?>>
    <label for="name"><?cs var:Lang.setup.name ?></label>
    <input id="name" name="name" value="<?cs var:Form.name ?>" maxlength="100" required<?cs if:Error.name ?> aria-invalid="true"<?cs /if ?>>
    <label for="tz"><?cs var:Lang.setup.tz ?></label>
    <input id="tz" name="tz" value="<?cs var:Form.tz ?>" required<?cs if:Error.tz ?> aria-invalid="true"<?cs /if ?>>
    <label for="lang"><?cs var:Lang.setup.lang ?></label>
    <select id="lang" name="lang">
      <option value="de"<?cs if:Form.lang != "en" ?> selected<?cs /if ?>>Deutsch</option>
      <option value="en"<?cs if:Form.lang == "en" ?> selected<?cs /if ?>>English</option>
    </select>
    <label for="login"><?cs var:Lang.setup.login ?></label>
    <input id="login" name="login" value="<?cs var:Form.login ?>" autocomplete="username" autocapitalize="characters" required<?cs if:Error.login ?> aria-invalid="true"<?cs /if ?>>
    <label for="password"><?cs var:Lang.setup.password ?></label>
    <input id="password" name="password" type="password" autocomplete="new-password" minlength="<?cs var:Setup.pwmin ?>" required<?cs if:Error.password ?> aria-invalid="true"<?cs /if ?>>
    <label for="password2"><?cs var:Lang.setup.password2 ?></label>
    <input id="password2" name="password2" type="password" autocomplete="new-password" minlength="<?cs var:Setup.pwmin ?>" required<?cs if:Error.password2 ?> aria-invalid="true"<?cs /if ?>>
    <button type="submit" class="primary"><?cs var:Lang.setup.submit ?></button>
  </form>
</section>
<?cs include:"footer.cs" ?>

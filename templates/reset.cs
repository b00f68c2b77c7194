<?cs include:"header.cs" ?>
<section class="login-box">
  <h1><?cs var:Lang.reset.title ?></h1>
  <?cs if:Reset.sent ?>
  <p class="notice reset-sent" role="status"><?cs var:Lang.reset.sent ?></p>
  <p><a href="<?cs var:Base.login ?>"><?cs var:Lang.reset.back ?></a></p>
  <?cs else ?>
  <p><?cs var:Lang.reset.intro ?></p>
  <?cs include:"errors.cs" ?>
  <form method="post" action="<?cs var:Base.login ?>/reset" class="form">
    <input type="hidden" name="csrf" value="<?cs var:Login.csrf ?>">
    <?cs if:Login.orgcount > 1 ?>
    <label for="org"><?cs var:Lang.login.org ?></label>
    <select id="org" name="org" required>
      <option value=""><?cs var:Lang.form.choose ?></option>
      <?cs each:o = Orgs ?><option value="<?cs var:o.id ?>"<?cs if:o.id == Form.org ?> selected<?cs /if ?>><?cs var:o.name ?></option><?cs /each ?>
    </select>
    <?cs /if ?>
    <label for="who"><?cs var:Lang.reset.who ?></label>
    <input id="who" name="who" value="<?cs var:Form.who ?>" autocomplete="username" required<?cs if:Error.who ?> aria-invalid="true"<?cs /if ?>>
    <button type="submit" class="primary"><?cs var:Lang.reset.submit ?></button>
  </form>
  <?cs /if ?>
</section>
<?cs include:"footer.cs" ?>

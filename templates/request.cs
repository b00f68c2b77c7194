<?cs include:"header.cs" ?>
<section class="login-box">
  <h1><?cs var:Lang.request.title ?></h1>
  <?cs if:Request.sent ?>
  <p class="notice request-sent" role="status"><?cs var:Lang.request.sent ?></p>
  <?cs elif:Request.orgcount == 0 ?>
  <p class="notice request-closed"><?cs var:Lang.request.none ?></p>
  <?cs else ?>
  <p><?cs var:Lang.request.intro ?></p>
  <?cs include:"errors.cs" ?>
  <form method="post" action="<?cs var:Base.login ?>/request" class="form">
    <input type="hidden" name="csrf" value="<?cs var:Login.csrf ?>">
    <label for="org"><?cs var:Lang.login.org ?></label>
    <select id="org" name="org" required<?cs if:Error.org ?> aria-invalid="true"<?cs /if ?>>
      <?cs if:Request.orgcount > 1 ?><option value=""><?cs var:Lang.form.choose ?></option><?cs /if ?>
      <?cs each:o = Orgs ?><option value="<?cs var:o.id ?>"<?cs if:o.id == Form.org ?> selected<?cs /if ?>><?cs var:o.name ?></option><?cs /each ?>
    </select>
    <label for="login"><?cs var:Lang.request.login ?></label>
    <input id="login" name="login" maxlength="32" value="<?cs var:Form.login ?>" autocapitalize="characters" required<?cs if:Error.login ?> aria-invalid="true"<?cs /if ?>>
    <?cs if:Error.login ?><p class="field-error"><?cs var:Error.login ?><?cs if:Suggest.login ?> <?cs var:Lang.request.suggest ?> <strong class="suggest"><?cs var:Suggest.login ?></strong><?cs /if ?></p><?cs /if ?>
    <label for="name"><?cs var:Lang.request.name ?></label>
    <input id="name" name="name" maxlength="200" value="<?cs var:Form.name ?>" required<?cs if:Error.name ?> aria-invalid="true"<?cs /if ?>>
    <label for="email"><?cs var:Lang.mail.email ?></label>
    <input id="email" name="email" type="email" maxlength="254" value="<?cs var:Form.email ?>" required<?cs if:Error.email ?> aria-invalid="true"<?cs /if ?>>
    <?cs if:Error.email ?><p class="field-error"><?cs var:Error.email ?></p><?cs /if ?>
    <button type="submit" class="primary"><?cs var:Lang.request.submit ?></button>
  </form>
  <?cs /if ?>
  <p><a href="<?cs var:Base.login ?>"><?cs var:Lang.reset.back ?></a></p>
</section>
<?cs include:"footer.cs" ?>

<?cs include:"header.cs" ?>
<section class="narrow">
  <h1><?cs var:Lang.mymail.title ?></h1>
  <?cs if:Query.saved ?><p class="notice" role="status"><?cs var:Lang.mail.saved ?></p><?cs /if ?>
  <?cs if:Query.sent ?><p class="notice mymail-sent" role="status"><?cs var:Lang.mymail.sent ?></p><?cs /if ?>
  <?cs include:"errors.cs" ?>
  <p><?cs var:Lang.mymail.current ?>: <strong class="mymail-current"><?cs if:My.email ?><?cs var:My.email ?><?cs else ?><?cs var:Lang.mymail.none ?><?cs /if ?></strong></p>
  <?cs if:My.pending ?><p class="hint"><?cs var:Lang.mail.pending ?>: <?cs var:My.pending ?></p><?cs /if ?>
  <form method="post" action="<?cs var:Base.login ?>/mail" class="form">
    <input type="hidden" name="csrf" value="<?cs var:User.csrf ?>">
    <label for="email"><?cs var:Lang.mail.email ?></label>
    <input id="email" name="email" type="email" maxlength="254" value="<?cs var:Form.email ?>"<?cs if:Error.email ?> aria-invalid="true"<?cs /if ?>>
    <p class="hint"><?cs var:Lang.mymail.hint ?></p>
    <fieldset><legend><?cs var:Lang.mail.off ?></legend>
    <label class="check"><input type="checkbox" name="off_booking" value="1"<?cs if:Form.off_booking ?> checked<?cs /if ?>> <?cs var:Lang.mail.off_booking ?></label>
    <label class="check"><input type="checkbox" name="off_reminder" value="1"<?cs if:Form.off_reminder ?> checked<?cs /if ?>> <?cs var:Lang.mail.off_reminder ?></label>
    <label class="check"><input type="checkbox" name="off_trip" value="1"<?cs if:Form.off_trip ?> checked<?cs /if ?>> <?cs var:Lang.mail.off_trip ?></label>
    <p class="hint"><?cs var:Lang.mymail.always ?></p>
    </fieldset>
    <div class="actions"><button type="submit" class="primary"><?cs var:Lang.form.save ?></button></div>
  </form>
</section>
<?cs include:"footer.cs" ?>

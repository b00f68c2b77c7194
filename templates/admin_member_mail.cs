<?cs include:"header.cs" ?>
<?cs include:"admin_nav.cs" ?>
<section class="narrow">
  <h1><?cs var:Lang.mail.member.title ?>: <?cs var:Mail.member.login ?></h1>
  <?cs if:Query.saved ?><p class="notice" role="status"><?cs var:Lang.mail.saved ?></p><?cs /if ?>
  <?cs include:"errors.cs" ?>
  <form method="post" action="<?cs var:Base.admin ?>/members/<?cs var:Mail.member.id ?>/mail" class="form">
    <input type="hidden" name="csrf" value="<?cs var:User.csrf ?>">
    <label for="email"><?cs var:Lang.mail.email ?></label>
    <input id="email" name="email" type="email" maxlength="254" value="<?cs var:Form.email ?>"<?cs if:Error.email ?> aria-invalid="true"<?cs /if ?>>
    <?cs if:Error.email ?><p class="field-error"><?cs var:Error.email ?></p><?cs /if ?>
    <?cs if:Mail.member.pending ?><p class="hint"><?cs var:Lang.mail.pending ?>: <?cs var:Mail.member.pending ?></p><?cs /if ?>
    <fieldset><legend><?cs var:Lang.mail.off ?></legend>
    <label class="check"><input type="checkbox" name="off_booking" value="1"<?cs if:Form.off_booking ?> checked<?cs /if ?>> <?cs var:Lang.mail.off_booking ?></label>
    <label class="check"><input type="checkbox" name="off_reminder" value="1"<?cs if:Form.off_reminder ?> checked<?cs /if ?>> <?cs var:Lang.mail.off_reminder ?></label>
    <label class="check"><input type="checkbox" name="off_trip" value="1"<?cs if:Form.off_trip ?> checked<?cs /if ?>> <?cs var:Lang.mail.off_trip ?></label>
    </fieldset>
    <div class="actions"><button type="submit" class="primary"><?cs var:Lang.form.save ?></button> <a href="<?cs var:Base.admin ?>/members/<?cs var:Mail.member.id ?>"><?cs var:Lang.form.cancel ?></a></div>
  </form>
</section>
<?cs include:"footer.cs" ?>

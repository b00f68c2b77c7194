<?cs include:"header.cs" ?>
<section class="narrow">
  <p><a href="<?cs var:Base.admin ?>/members/<?cs var:Inv.member.id ?>"><?cs var:Inv.member.login ?></a></p>
  <h1><?cs var:Lang.inv.address.title ?>: <?cs var:Inv.member.login ?></h1>
  <?cs include:"errors.cs" ?>
  <?cs if:Inv.saved ?><p class="notice" role="status"><?cs var:Lang.inv.saved ?></p><?cs /if ?>
  <p class="hint"><?cs var:Inv.member.descr ?> · <?cs var:Lang.inv.col.member_no ?> <?cs var:Inv.member.member_no ?></p>
  <form method="post" action="<?cs var:Base.admin ?>/members/<?cs var:Inv.member.id ?>/address" class="form">
    <input type="hidden" name="csrf" value="<?cs var:User.csrf ?>">
    <label for="address"><?cs var:Lang.inv.address.label ?></label>
    <textarea id="address" name="address" rows="4" maxlength="500"<?cs if:Error.address ?> aria-invalid="true"<?cs /if ?>><?cs var:Form.address ?></textarea>
    <?cs if:Error.address ?><p class="field-error"><?cs var:Error.address ?></p><?cs /if ?>
    <p class="hint"><?cs var:Lang.inv.address.hint ?></p>
    <div class="actions"><button type="submit" class="primary"><?cs var:Lang.form.save ?></button></div>
  </form>
</section>
<?cs include:"footer.cs" ?>

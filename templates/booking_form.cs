<?cs include:"header.cs" ?>
<section class="narrow">
  <h1><?cs if:BForm.id > 0 ?><?cs var:Lang.booking.edit_title ?> <?cs var:BForm.id ?><?cs else ?><?cs var:Lang.booking.new_title ?><?cs /if ?></h1>
  <?cs if:Conflict.start ?>
  <div class="errors conflict" role="alert">
    <p><?cs var:Lang.booking.conflict ?> <strong><?cs var:Conflict.start ?> – <?cs var:Conflict.end ?></strong><?cs if:Conflict.org ?> (<?cs var:Lang.booking.conflict_by ?> <?cs var:Conflict.org ?>)<?cs /if ?><?cs if:Conflict.number ?> (<?cs var:Lang.booking.title ?> <?cs var:Conflict.number ?>)<?cs /if ?><?cs if:Conflict.member ?> (<?cs var:Lang.booking.conflict_by ?> <?cs var:Conflict.member ?><?cs if:Conflict.member_descr ?>, <?cs var:Conflict.member_descr ?><?cs /if ?>; <a href="<?cs var:Base.calendar ?>/booking/<?cs var:Conflict.id ?>"><?cs var:Lang.booking.title ?> <?cs var:Conflict.id ?></a>)<?cs /if ?>.</p>
  </div>
  <?cs /if ?>
  <?cs include:"errors.cs" ?>
  <form method="post" action="<?cs var:BForm.action ?>" class="form">
    <input type="hidden" name="csrf" value="<?cs var:User.csrf ?>">
    <label for="vehicle"><?cs var:Lang.booking.vehicle ?></label>
    <select id="vehicle" name="vehicle" required<?cs if:Error.vehicle ?> aria-invalid="true"<?cs /if ?>>
      <option value=""><?cs var:Lang.form.choose ?></option>
      <?cs each:v = Vehicles ?><option value="<?cs var:v.id ?>"<?cs if:v.id == Form.vehicle ?> selected<?cs /if ?>><?cs var:v.area ?>: <?cs var:v.name ?><?cs if:v.descr ?> (<?cs var:v.descr ?>)<?cs /if ?><?cs if:v.hidden == 1 ?> [<?cs var:Lang.cal.hidden ?>]<?cs /if ?></option><?cs /each ?>
    </select>
    <?cs if:Error.vehicle ?><p class="field-error"><?cs var:Error.vehicle ?><?cs if:BForm.link ?> <a href="<?cs var:BForm.link ?>" rel="noopener noreferrer"><?cs var:Lang.booking.link_mode_go ?></a><?cs /if ?></p><?cs /if ?>
    <?cs if:User.admin == 1 ?>
    <label for="member"><?cs var:Lang.booking.member ?></label>
    <select id="member" name="member"<?cs if:Error.member ?> aria-invalid="true"<?cs /if ?>>
      <?cs each:m = Members ?><option value="<?cs var:m.id ?>"<?cs if:Form.member ?><?cs if:m.id == Form.member ?> selected<?cs /if ?><?cs elif:m.login == User.login ?> selected<?cs /if ?>><?cs var:m.login ?><?cs if:m.descr ?> (<?cs var:m.descr ?>)<?cs /if ?></option><?cs /each ?>
    </select>
    <?cs if:Error.member ?><p class="field-error"><?cs var:Error.member ?></p><?cs /if ?>
    <?cs /if ?>
    <label for="start"><?cs var:Lang.booking.start ?></label>
    <input id="start" name="start" type="datetime-local" step="<?cs var:BForm.step ?>" value="<?cs var:Form.start ?>" required<?cs if:Error.start ?> aria-invalid="true"<?cs /if ?>>
    <?cs if:Error.start ?><p class="field-error"><?cs var:Error.start ?></p><?cs /if ?>
    <label for="end"><?cs var:Lang.booking.end ?></label>
    <input id="end" name="end" type="datetime-local" step="<?cs var:BForm.step ?>" value="<?cs var:Form.end ?>" required<?cs if:Error.end ?> aria-invalid="true"<?cs /if ?>>
    <?cs if:Error.end ?><p class="field-error"><?cs var:Error.end ?></p><?cs /if ?>
    <label for="purpose"><?cs var:Lang.booking.purpose ?></label>
    <input id="purpose" name="purpose" maxlength="200" value="<?cs var:Form.purpose ?>"<?cs if:Error.purpose ?> aria-invalid="true"<?cs /if ?>>
    <?cs if:Error.purpose ?><p class="field-error"><?cs var:Error.purpose ?></p><?cs /if ?>
    <div class="actions">
      <button type="submit" class="primary"><?cs if:BForm.id > 0 ?><?cs var:Lang.booking.save ?><?cs else ?><?cs var:Lang.booking.submit ?><?cs /if ?></button>
      <a class="btn" href="<?cs var:Base.calendar ?>"><?cs var:Lang.form.cancel ?></a>
    </div>
  </form>
</section>
<?cs include:"footer.cs" ?>

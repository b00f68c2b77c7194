<?cs include:"header.cs" ?>
<section class="narrow">
  <h1><?cs var:Lang.bil.trip.title ?>: <?cs var:Lang.booking.title ?> <?cs var:Booking.id ?></h1>
  <p><?cs var:Booking.vehicle ?>, <?cs var:Booking.start ?> – <?cs var:Booking.end ?>, <?cs var:Booking.member ?></p>
  <?cs if:Booking.km_last ?><p class="hint"><?cs var:Lang.bil.trip.last ?> <?cs var:Booking.km_last ?> km</p><?cs /if ?>
  <?cs include:"errors.cs" ?>
  <form method="post" action="<?cs var:Base.calendar ?>/booking/<?cs var:Booking.id ?>/trip" class="form">
    <input type="hidden" name="csrf" value="<?cs var:User.csrf ?>">
    <label for="km_start"><?cs var:Lang.bil.trip.km_start ?></label>
    <input id="km_start" name="km_start" inputmode="numeric" pattern="[0-9]*" required value="<?cs if:Form.km_start ?><?cs var:Form.km_start ?><?cs else ?><?cs var:Booking.km_start_default ?><?cs /if ?>"<?cs if:Error.km_start ?> aria-invalid="true"<?cs /if ?>>
    <?cs if:Error.km_start ?><p class="field-error"><?cs var:Error.km_start ?></p><?cs /if ?>
    <label for="km_end"><?cs var:Lang.bil.trip.km_end ?></label>
    <input id="km_end" name="km_end" inputmode="numeric" pattern="[0-9]*" required value="<?cs var:Form.km_end ?>"<?cs if:Error.km_end ?> aria-invalid="true"<?cs /if ?>>
    <?cs if:Error.km_end ?><p class="field-error"><?cs var:Error.km_end ?></p><?cs /if ?>
    <div class="actions">
      <button type="submit" class="primary"><?cs var:Lang.bil.trip.save ?></button>
      <a class="btn" href="<?cs var:Base.calendar ?>/booking/<?cs var:Booking.id ?>"><?cs var:Lang.form.cancel ?></a>
    </div>
  </form>
</section>
<?cs include:"footer.cs" ?>

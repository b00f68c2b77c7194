<?cs include:"header.cs" ?>
<?cs include:"market_nav.cs" ?>
<section class="narrow">
  <h1><?cs var:Lang.mkt.sub.title ?>: <?cs var:Vehicle.name ?></h1>
  <p><?cs var:Vehicle.org ?> – <?cs var:Vehicle.address ?></p>
  <?cs include:"errors.cs" ?>
  <form method="post" action="<?cs var:Base.market ?>/vehicle/<?cs var:Vehicle.id ?>/subscribe" class="form">
    <input type="hidden" name="csrf" value="<?cs var:User.csrf ?>">
    <input type="hidden" name="rate" value="<?cs var:Vehicle.rate_value ?>">
    <label for="name"><?cs var:Lang.mkt.sub.local_name ?></label>
    <input id="name" name="name" maxlength="60" value="<?cs var:Form.name ?>" required<?cs if:Error.name ?> aria-invalid="true"<?cs /if ?>>
    <?cs if:Error.name ?><p class="field-error"><?cs var:Error.name ?></p><?cs /if ?>
    <label for="area"><?cs var:Lang.mkt.sub.area ?></label>
    <select id="area" name="area" required<?cs if:Error.area ?> aria-invalid="true"<?cs /if ?>>
      <option value=""><?cs var:Lang.form.choose ?></option>
      <?cs each:a = Areas ?><option value="<?cs var:a.id ?>"<?cs if:a.id == Form.area ?> selected<?cs /if ?>><?cs var:a.name ?></option><?cs /each ?>
    </select>
    <?cs if:Error.area ?><p class="field-error"><?cs var:Error.area ?></p><?cs /if ?>
    <label class="inline"><input type="checkbox" name="visible" value="1"<?cs if:Form.visible == "1" ?> checked<?cs /if ?>> <?cs var:Lang.mkt.sub.visible ?></label>
    <label class="inline"><input type="checkbox" name="confirm" value="1"<?cs if:Form.confirm == "1" ?> checked<?cs /if ?><?cs if:Error.confirm ?> aria-invalid="true"<?cs /if ?>> <?cs var:Vehicle.confirm_msg ?></label>
    <?cs if:Error.confirm ?><p class="field-error"><?cs var:Error.confirm ?></p><?cs /if ?>
    <p class="hint"><?cs var:Lang.mkt.sub.price_hint ?></p>
    <div class="actions"><button type="submit" class="primary"><?cs var:Lang.mkt.sub.do ?></button>
    <a class="btn" href="<?cs var:Base.market ?>/vehicle/<?cs var:Vehicle.id ?>"><?cs var:Lang.form.cancel ?></a></div>
  </form>
</section>
<?cs include:"footer.cs" ?>

<?cs include:"header.cs" ?>
<?cs include:"market_nav.cs" ?>
<section class="narrow">
  <h1><?cs var:Lang.shr.bill.title ?></h1>
  <p><?cs var:Lang.shr.bill.intro ?></p>
  <?cs include:"errors.cs" ?>
  <form method="get" action="<?cs var:Base.market ?>/billing" class="form billing-form">
    <label for="from"><?cs var:Lang.shr.bill.from ?></label>
    <input id="from" name="from" type="month" required value="<?cs var:Form.from ?>"<?cs if:Error.from ?> aria-invalid="true" aria-describedby="from-error"<?cs /if ?>>
    <?cs if:Error.from ?><p class="field-error" id="from-error"><?cs var:Error.from ?></p><?cs /if ?>
    <label for="to"><?cs var:Lang.shr.bill.to ?></label>
    <input id="to" name="to" type="month" value="<?cs var:Form.to ?>"<?cs if:Error.to ?> aria-invalid="true" aria-describedby="to-error"<?cs /if ?>>
    <?cs if:Error.to ?><p class="field-error" id="to-error"><?cs var:Error.to ?></p><?cs /if ?>
    <label for="vehicle"><?cs var:Lang.shr.bill.vehicle ?></label>
    <select id="vehicle" name="vehicle"<?cs if:Error.vehicle ?> aria-invalid="true"<?cs /if ?>><option value=""><?cs var:Lang.shr.bill.all_vehicles ?></option><?cs each:v = Vehicles ?><option value="<?cs var:v.id ?>"<?cs if:v.id == Form.vehicle ?> selected<?cs /if ?>><?cs var:v.name ?></option><?cs /each ?></select>
    <?cs if:Error.vehicle ?><p class="field-error"><?cs var:Error.vehicle ?></p><?cs /if ?>
    <label for="org"><?cs var:Lang.shr.bill.subscriber ?></label>
    <select id="org" name="org"<?cs if:Error.org ?> aria-invalid="true"<?cs /if ?>><option value=""><?cs var:Lang.shr.bill.all_subscribers ?></option><?cs each:o = Subscribers ?><option value="<?cs var:o.id ?>"<?cs if:o.id == Form.org ?> selected<?cs /if ?>><?cs var:o.name ?></option><?cs /each ?></select>
    <?cs if:Error.org ?><p class="field-error"><?cs var:Error.org ?></p><?cs /if ?>
    <fieldset><legend><?cs var:Lang.shr.bill.format ?></legend>
      <label class="inline"><input type="radio" name="format" value="pdf"<?cs if:Form.format != "xlsx" ?> checked<?cs /if ?>> <?cs var:Lang.shr.bill.pdf ?></label>
      <label class="inline"><input type="radio" name="format" value="xlsx"<?cs if:Form.format == "xlsx" ?> checked<?cs /if ?>> <?cs var:Lang.shr.bill.xlsx ?></label>
      <?cs if:Error.format ?><p class="field-error"><?cs var:Error.format ?></p><?cs /if ?>
    </fieldset>
    <div class="actions"><button type="submit" class="primary"><?cs var:Lang.shr.bill.do ?></button></div>
  </form>
</section>
<?cs include:"footer.cs" ?>

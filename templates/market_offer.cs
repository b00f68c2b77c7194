<?cs include:"header.cs" ?>
<?cs include:"market_nav.cs" ?>
<section class="narrow market-offer">
  <h1><?cs var:Lang.mkt.offer.title ?>: <?cs var:Vehicle.name ?></h1>
  <?cs if:Query.saved ?><p class="notice" role="status"><?cs var:Lang.mkt.offer.saved ?></p><?cs /if ?>
  <?cs if:Query.released ?><p class="notice" role="status"><?cs var:Lang.mkt.release.done ?></p><?cs /if ?>
  <?cs if:Query.withdrawn ?><p class="notice" role="status"><?cs var:Lang.mkt.withdraw.done ?></p><?cs /if ?>
  <?cs if:Query.listed ?><p class="notice" role="status"><?cs var:Lang.mkt.list_on.done ?></p><?cs /if ?>
  <?cs if:Query.unlisted ?><p class="notice" role="status"><?cs var:Lang.mkt.list_off.done ?></p><?cs /if ?>
  <?cs include:"errors.cs" ?>
  <p class="state"><?cs if:Vehicle.released == 1 ?><?cs var:Lang.mkt.state.released ?>: <strong><?cs var:Vehicle.portal_name ?></strong> (<?cs var:Vehicle.released_at ?>)<?cs else ?><?cs var:Lang.mkt.state.none ?><?cs /if ?><?cs if:Vehicle.on_list == 1 ?> · <?cs var:Lang.mkt.state.listed ?><?cs /if ?></p>
  <?cs if:Vehicle.complete != 1 ?><p class="hint missing"><?cs var:Lang.mkt.col.missing ?>: <?cs var:Vehicle.missing ?></p><?cs /if ?>
  <div class="actions">
    <?cs if:Vehicle.released == 1 ?>
    <form method="post" action="<?cs var:Base.market ?>/mine/vehicle/<?cs var:Vehicle.id ?>/withdraw"><input type="hidden" name="csrf" value="<?cs var:User.csrf ?>"><button type="submit" class="danger" aria-describedby="withdraw-affected"><?cs var:Lang.mkt.withdraw.do ?></button></form>
    <p class="hint" id="withdraw-affected" data-affected="<?cs var:Vehicle.affected ?>"><?cs var:Vehicle.affected_msg ?></p>
    <?cs else ?>
    <form method="post" action="<?cs var:Base.market ?>/mine/vehicle/<?cs var:Vehicle.id ?>/release"><input type="hidden" name="csrf" value="<?cs var:User.csrf ?>"><input type="hidden" name="portal" value="<?cs var:Mkt.portal ?>"><button type="submit" class="primary"><?cs var:Lang.mkt.release.do ?> (<?cs var:Mkt.portal_name ?>)</button></form>
    <?cs if:Vehicle.on_list == 1 ?>
    <form method="post" action="<?cs var:Base.market ?>/mine/vehicle/<?cs var:Vehicle.id ?>/unlist"><input type="hidden" name="csrf" value="<?cs var:User.csrf ?>"><button type="submit"><?cs var:Lang.mkt.list_off.do ?></button></form>
    <?cs else ?>
    <form method="post" action="<?cs var:Base.market ?>/mine/vehicle/<?cs var:Vehicle.id ?>/list"><input type="hidden" name="csrf" value="<?cs var:User.csrf ?>"><button type="submit"><?cs var:Lang.mkt.list_on.do ?></button></form>
    <?cs /if ?>
    <?cs /if ?>
  </div>
  <form method="post" action="<?cs var:Base.market ?>/mine/vehicle/<?cs var:Vehicle.id ?>" class="form">
    <input type="hidden" name="csrf" value="<?cs var:User.csrf ?>">
    <p><?cs var:Lang.mkt.offer.name ?>: <strong><?cs var:Vehicle.name ?></strong> – <?cs var:Vehicle.descr ?> (<?cs var:Vehicle.area ?>)</p>
    <?cs if:Vehicle.released == 1 ?><p class="hint"><?cs var:Lang.mkt.offer.locked_hint ?></p><?cs /if ?>
    <label for="address"><?cs var:Lang.mkt.offer.address ?></label>
    <input id="address" name="address" maxlength="200" value="<?cs var:Form.address ?>"<?cs if:Error.address ?> aria-invalid="true"<?cs /if ?>>
    <?cs if:Error.address ?><p class="field-error"><?cs var:Error.address ?></p><?cs /if ?>
    <label for="lat"><?cs var:Lang.mkt.offer.lat ?></label>
    <input id="lat" name="lat" inputmode="decimal" value="<?cs var:Form.lat ?>"<?cs if:Error.lat ?> aria-invalid="true"<?cs /if ?>>
    <?cs if:Error.lat ?><p class="field-error"><?cs var:Error.lat ?></p><?cs /if ?>
    <label for="lon"><?cs var:Lang.mkt.offer.lon ?></label>
    <input id="lon" name="lon" inputmode="decimal" value="<?cs var:Form.lon ?>"<?cs if:Error.lon ?> aria-invalid="true"<?cs /if ?>>
    <?cs if:Error.lon ?><p class="field-error"><?cs var:Error.lon ?></p><?cs /if ?>
    <label for="vclass"><?cs var:Lang.mkt.offer.vclass ?></label>
    <select id="vclass" name="vclass"<?cs if:Error.vclass ?> aria-invalid="true"<?cs /if ?>>
      <option value=""><?cs var:Lang.form.choose ?></option>
      <?cs each:c = Classes ?><option value="<?cs var:c.id ?>"<?cs if:c.sel == 1 ?> selected<?cs /if ?>><?cs var:c.name ?></option><?cs /each ?>
    </select>
    <?cs if:Error.vclass ?><p class="field-error"><?cs var:Error.vclass ?></p><?cs /if ?>
    <?cs if:Vehicle.released == 1 ?>
    <p><?cs var:Lang.mkt.offer.tariff ?>: <strong><?cs var:Vehicle.tariff ?></strong></p>
    <?cs if:Error.tariff ?><p class="field-error"><?cs var:Error.tariff ?></p><?cs /if ?>
    <p><?cs var:Lang.mkt.col.rate ?>: <strong><?cs var:Vehicle.rate ?></strong></p>
    <?cs if:Error.split_rate ?><p class="field-error"><?cs var:Error.split_rate ?></p><?cs /if ?>
    <?cs else ?>
    <label for="tariff"><?cs var:Lang.mkt.offer.tariff ?></label>
    <select id="tariff" name="tariff"<?cs if:Error.tariff ?> aria-invalid="true"<?cs /if ?>>
      <option value=""><?cs var:Lang.form.choose ?></option>
      <?cs each:t = Tariffs ?><option value="<?cs var:t.id ?>"<?cs if:t.id == Form.tariff ?> selected<?cs /if ?>><?cs var:t.name ?></option><?cs /each ?>
    </select>
    <?cs if:Error.tariff ?><p class="field-error"><?cs var:Error.tariff ?></p><?cs /if ?>
    <fieldset><legend><?cs var:Lang.mkt.offer.mode ?></legend>
      <label class="inline"><input type="radio" name="mode" value="split"<?cs if:Form.mode != "link" ?> checked<?cs /if ?>> <?cs var:Lang.mkt.offer.mode_split ?></label>
      <label class="inline"><input type="radio" name="mode" value="link"<?cs if:Form.mode == "link" ?> checked<?cs /if ?>> <?cs var:Lang.mkt.offer.mode_link ?></label>
    </fieldset>
    <label for="split_rate"><?cs var:Lang.mkt.offer.split_rate ?></label>
    <input id="split_rate" name="split_rate" type="number" min="0" max="100" value="<?cs var:Form.split_rate ?>"<?cs if:Error.split_rate ?> aria-invalid="true"<?cs /if ?>>
    <?cs if:Error.split_rate ?><p class="field-error"><?cs var:Error.split_rate ?></p><?cs /if ?>
    <?cs /if ?>
    <label for="link_url"><?cs var:Lang.mkt.offer.link_url ?></label>
    <input id="link_url" name="link_url" type="url" maxlength="500" value="<?cs var:Form.link_url ?>"<?cs if:Error.link_url ?> aria-invalid="true"<?cs /if ?>>
    <?cs if:Error.link_url ?><p class="field-error"><?cs var:Error.link_url ?></p><?cs /if ?>
    <label for="conditions"><?cs var:Lang.mkt.offer.conditions ?></label>
    <textarea id="conditions" name="conditions" rows="5" maxlength="2000"<?cs if:Error.conditions ?> aria-invalid="true"<?cs /if ?>><?cs var:Form.conditions ?></textarea>
    <?cs if:Error.conditions ?><p class="field-error"><?cs var:Error.conditions ?></p><?cs /if ?>
    <div class="actions"><button type="submit" class="primary"><?cs var:Lang.form.save ?></button>
    <a class="btn" href="<?cs var:Base.market ?>/mine"><?cs var:Lang.form.cancel ?></a></div>
  </form>
  <h2><?cs var:Lang.mkt.event.title ?></h2>
  <?cs if:subcount(Events) > 0 ?>
  <ul class="events"><?cs each:e = Events ?><li><?cs var:e.at ?> <?cs var:e.what ?> (<?cs var:e.portal ?>, <?cs var:e.by ?>)</li><?cs /each ?></ul>
  <?cs else ?><p><?cs var:Lang.mkt.event.none ?></p><?cs /if ?>
</section>
<?cs include:"footer.cs" ?>

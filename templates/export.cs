<?cs include:"header.cs" ?>
<section class="export">
  <h1><?cs var:Lang.exp.title ?></h1>
  <?cs include:"errors.cs" ?>
  <section class="export-bookings">
    <h2><?cs var:Lang.exp.bf.title ?></h2>
    <p class="hint"><?cs var:Lang.exp.bf.hint ?></p>
    <?cs if:Exp.bf.missing.total ?>
    <div class="notice warning" role="status">
      <p><?cs var:Exp.bf.missing.period_msg ?> <?cs var:Exp.bf.missing.total_msg ?></p>
      <p><a href="<?cs var:Exp.bf.missing.url ?>"><?cs var:Lang.exp.bf.missing.link ?></a></p>
    </div>
    <?cs /if ?>
    <form method="get" action="<?cs var:Base.export ?>/bookings" class="form">
      <label for="bf_from"><?cs var:Lang.exp.from ?></label>
      <select id="bf_from" name="from"<?cs if:Error.bf_from ?> aria-invalid="true"<?cs /if ?>>
        <?cs each:m = Exp.months ?><option value="<?cs var:m.value ?>"<?cs if:m.value == Exp.bf.from ?> selected<?cs /if ?>><?cs var:m.label ?></option><?cs /each ?>
      </select>
      <?cs if:Error.bf_from ?><p class="field-error"><?cs var:Error.bf_from ?></p><?cs /if ?>
      <label for="bf_to"><?cs var:Lang.exp.to ?></label>
      <select id="bf_to" name="to"<?cs if:Error.bf_to ?> aria-invalid="true"<?cs /if ?>>
        <?cs each:m = Exp.months ?><option value="<?cs var:m.value ?>"<?cs if:m.value == Exp.bf.to ?> selected<?cs /if ?>><?cs var:m.label ?></option><?cs /each ?>
      </select>
      <?cs if:Error.bf_to ?><p class="field-error"><?cs var:Error.bf_to ?></p><?cs /if ?>
      <label for="bf_sep"><?cs var:Lang.exp.bf.sep ?></label>
      <select id="bf_sep" name="sep"<?cs if:Error.bf_sep ?> aria-invalid="true"<?cs /if ?>>
        <option value="semicolon"<?cs if:Exp.bf.sep == "semicolon" ?> selected<?cs /if ?>><?cs var:Lang.exp.bf.semicolon ?></option>
        <option value="comma"<?cs if:Exp.bf.sep == "comma" ?> selected<?cs /if ?>><?cs var:Lang.exp.bf.comma ?></option>
      </select>
      <?cs if:Error.bf_sep ?><p class="field-error"><?cs var:Error.bf_sep ?></p><?cs /if ?>
      <label class="check"><input type="checkbox" name="bom" value="1"<?cs if:Exp.bf.bom == "1" ?> checked<?cs /if ?>> <?cs var:Lang.exp.bf.bom ?></label>
      <?cs if:Error.bf_bom ?><p class="field-error"><?cs var:Error.bf_bom ?></p><?cs /if ?>
      <?cs if:Error.bf_format ?><p class="field-error"><?cs var:Error.bf_format ?></p><?cs /if ?>
      <div class="actions">
        <button type="submit" name="format" value="csv" class="primary"><?cs var:Lang.exp.bf.csv ?></button>
        <button type="submit" name="format" value="xlsx"><?cs var:Lang.exp.bf.xlsx ?></button>
      </div>
    </form>
  </section>
  <section class="export-billing">
    <h2><?cs var:Lang.exp.bx.title ?></h2>
    <p class="hint"><?cs var:Lang.exp.bx.hint ?></p>
    <p><a class="btn" href="<?cs var:Base.export ?>/billing"><?cs var:Lang.exp.bx.open ?></a></p>
    <p><a class="btn" href="<?cs var:Base.export ?>/invoices"><?cs var:Lang.inv.link ?></a></p>
  </section>
  <section class="export-log">
    <h2><?cs var:Lang.exp.log.title ?></h2>
    <p class="hint"><?cs var:Lang.exp.log.hint ?></p>
    <form method="get" action="<?cs var:Base.export ?>/log" class="form">
      <label for="from"><?cs var:Lang.exp.from ?></label>
      <select id="from" name="from"<?cs if:Error.from ?> aria-invalid="true"<?cs /if ?>>
        <?cs each:m = Exp.months ?><option value="<?cs var:m.value ?>"<?cs if:m.value == Form.from ?> selected<?cs /if ?>><?cs var:m.label ?></option><?cs /each ?>
      </select>
      <?cs if:Error.from ?><p class="field-error"><?cs var:Error.from ?></p><?cs /if ?>
      <label for="to"><?cs var:Lang.exp.to ?></label>
      <select id="to" name="to"<?cs if:Error.to ?> aria-invalid="true"<?cs /if ?>>
        <?cs each:m = Exp.months ?><option value="<?cs var:m.value ?>"<?cs if:m.value == Form.to ?> selected<?cs /if ?>><?cs var:m.label ?></option><?cs /each ?>
      </select>
      <?cs if:Error.to ?><p class="field-error"><?cs var:Error.to ?></p><?cs /if ?>
      <div class="actions">
        <button type="submit" name="download" value="0" class="primary"><?cs var:Lang.exp.log.show ?></button>
        <button type="submit" name="download" value="1"><?cs var:Lang.exp.log.download ?></button>
      </div>
    </form>
  </section>
</section>
<?cs include:"footer.cs" ?>

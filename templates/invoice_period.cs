      <label for="from"><?cs var:Lang.exp.from ?></label>
      <select id="from" name="from"<?cs if:Error.from ?> aria-invalid="true"<?cs /if ?>>
        <?cs each:m = Inv.months ?><option value="<?cs var:m.value ?>"<?cs if:m.value == Inv.from ?> selected<?cs /if ?>><?cs var:m.label ?></option><?cs /each ?>
      </select>
      <?cs if:Error.from ?><p class="field-error"><?cs var:Error.from ?></p><?cs /if ?>
      <label for="to"><?cs var:Lang.exp.to ?></label>
      <select id="to" name="to"<?cs if:Error.to ?> aria-invalid="true"<?cs /if ?>>
        <?cs each:m = Inv.months ?><option value="<?cs var:m.value ?>"<?cs if:m.value == Inv.to ?> selected<?cs /if ?>><?cs var:m.label ?></option><?cs /each ?>
      </select>
      <?cs if:Error.to ?><p class="field-error"><?cs var:Error.to ?></p><?cs /if ?>

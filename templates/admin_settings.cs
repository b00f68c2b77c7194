<?cs include:"header.cs" ?>
<?cs include:"admin_nav.cs" ?>
<section class="narrow">
  <h1><?cs var:Lang.adm.settings.title ?></h1>
  <?cs if:Query.saved ?><p class="notice" role="status"><?cs var:Lang.adm.saved ?></p><?cs /if ?>
  <?cs include:"errors.cs" ?>
  <p class="org-number"><?cs var:Lang.adm.settings.org_number ?>: <strong class="org-id"><?cs var:Adm.org.id ?></strong></p>
  <p class="hint"><?cs var:Lang.adm.settings.org_number_hint ?> <code class="api-url"><?cs var:Adm.org.api_url ?></code></p>
  <form method="post" action="<?cs var:Base.admin ?>/settings" class="form">
    <input type="hidden" name="csrf" value="<?cs var:User.csrf ?>">
    <label for="name"><?cs var:Lang.adm.settings.name ?></label>
    <input id="name" name="name" maxlength="100" value="<?cs var:Form.name ?>" required<?cs if:Error.name ?> aria-invalid="true"<?cs /if ?>>
    <?cs if:Error.name ?><p class="field-error"><?cs var:Error.name ?></p><?cs /if ?>
    <label for="tz"><?cs var:Lang.adm.settings.tz ?></label>
    <input id="tz" name="tz" maxlength="63" value="<?cs var:Form.tz ?>" required<?cs if:Error.tz ?> aria-invalid="true"<?cs /if ?>>
    <p class="hint"><?cs var:Lang.adm.settings.tz_hint ?></p>
    <?cs if:Error.tz ?><p class="field-error"><?cs var:Error.tz ?></p><?cs /if ?>
    <label for="cancel_hours"><?cs var:Lang.adm.settings.cancel_hours ?></label>
    <input id="cancel_hours" name="cancel_hours" type="number" min="0" max="720" value="<?cs var:Form.cancel_hours ?>" required<?cs if:Error.cancel_hours ?> aria-invalid="true"<?cs /if ?>>
    <?cs if:Error.cancel_hours ?><p class="field-error"><?cs var:Error.cancel_hours ?></p><?cs /if ?>
    <label for="billing_period"><?cs var:Lang.adm.settings.billing_period ?></label>
    <select id="billing_period" name="billing_period"<?cs if:Error.billing_period ?> aria-invalid="true"<?cs /if ?>>
      <option value="month"<?cs if:Form.billing_period == "month" ?> selected<?cs /if ?>><?cs var:Lang.adm.settings.month ?></option>
      <option value="quarter"<?cs if:Form.billing_period == "quarter" ?> selected<?cs /if ?>><?cs var:Lang.adm.settings.quarter ?></option>
    </select>
    <?cs if:Error.billing_period ?><p class="field-error"><?cs var:Error.billing_period ?></p><?cs /if ?>
    <label for="grid_minutes"><?cs var:Lang.adm.settings.grid ?></label>
    <select id="grid_minutes" name="grid_minutes"<?cs if:Error.grid_minutes ?> aria-invalid="true"<?cs /if ?>>
      <option value="15"<?cs if:Form.grid_minutes == "15" ?> selected<?cs /if ?>>15 <?cs var:Lang.adm.settings.minutes ?></option>
      <option value="30"<?cs if:Form.grid_minutes == "30" ?> selected<?cs /if ?>>30 <?cs var:Lang.adm.settings.minutes ?></option>
    </select>
    <?cs if:Error.grid_minutes ?><p class="field-error"><?cs var:Error.grid_minutes ?></p><?cs /if ?>
    <label for="lang"><?cs var:Lang.adm.settings.lang ?></label>
    <select id="lang" name="lang"<?cs if:Error.lang ?> aria-invalid="true"<?cs /if ?>>
      <option value="de"<?cs if:Form.lang == "de" ?> selected<?cs /if ?>>Deutsch</option>
      <option value="en"<?cs if:Form.lang == "en" ?> selected<?cs /if ?>>English</option>
    </select>
    <?cs if:Error.lang ?><p class="field-error"><?cs var:Error.lang ?></p><?cs /if ?>
    <label for="storno_share_pct"><?cs var:Lang.adm.settings.storno_share ?></label>
    <input id="storno_share_pct" name="storno_share_pct" type="number" min="0" max="100" value="<?cs var:Form.storno_share_pct ?>" required<?cs if:Error.storno_share_pct ?> aria-invalid="true"<?cs /if ?>>
    <p class="hint"><?cs var:Lang.adm.settings.storno_share_hint ?></p>
    <?cs if:Error.storno_share_pct ?><p class="field-error"><?cs var:Error.storno_share_pct ?></p><?cs /if ?>
    <fieldset class="location">
      <legend><?cs var:Lang.adm.settings.location ?></legend>
      <p class="hint"><?cs var:Lang.adm.settings.location_hint ?></p>
      <input type="hidden" name="location" value="1">
      <label for="address"><?cs var:Lang.adm.settings.address ?></label>
      <input id="address" name="address" maxlength="255" value="<?cs var:Form.address ?>"<?cs if:Error.address ?> aria-invalid="true"<?cs /if ?>>
      <?cs if:Error.address ?><p class="field-error"><?cs var:Error.address ?></p><?cs /if ?>
      <label for="lat"><?cs var:Lang.adm.settings.lat ?></label>
      <input id="lat" name="lat" inputmode="decimal" maxlength="12" value="<?cs var:Form.lat ?>"<?cs if:Error.lat ?> aria-invalid="true"<?cs /if ?>>
      <?cs if:Error.lat ?><p class="field-error"><?cs var:Error.lat ?></p><?cs /if ?>
      <label for="lon"><?cs var:Lang.adm.settings.lon ?></label>
      <input id="lon" name="lon" inputmode="decimal" maxlength="12" value="<?cs var:Form.lon ?>"<?cs if:Error.lon ?> aria-invalid="true"<?cs /if ?>>
      <?cs if:Error.lon ?><p class="field-error"><?cs var:Error.lon ?></p><?cs /if ?>
    </fieldset>
    <div class="actions"><button type="submit" class="primary"><?cs var:Lang.form.save ?></button></div>
  </form>
</section>
<?cs include:"footer.cs" ?>
